"""RQ, the task queue on Redis, that leaves Redis alone while it is known to be down, as the cache does.

django-tasks-rq asks Redis for every task: while Redis hung, each checkout waited for the socket
timeout once per task it enqueued (the search update, the confirmation email), with a traceback each
time, although the cache had already found Redis down. Here both share one breaker
(`config.cache.breaker_for_url`): while Redis is down an enqueue fails at once with Redis' own
ConnectionError, which the callers already take for "the queue is down" (run the work in the request
or leave it to the sweep), until the breaker's retry time lets one try through. Whether Redis is
back is the cache's to say: it also forgets what the outage may have left stale.
"""

from django.conf import settings
from django_tasks_rq import RQBackend
from redis.exceptions import ConnectionError as RedisConnectionError

from config.cache import OUTAGES, breaker_for_url


class GuardedRQBackend(RQBackend):
    def enqueue(self, task, args, kwargs):
        breaker = breaker_for_url(settings.RQ_QUEUES[task.queue_name]["URL"])
        if not breaker.allows_a_call():
            raise RedisConnectionError(f"Redis is down ({breaker.cause})")
        try:
            return super().enqueue(task, args, kwargs)
        except OUTAGES as error:
            breaker.failed(error)
            raise
