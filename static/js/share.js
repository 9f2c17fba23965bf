/* The share box (templates/includes/share.html): the phone's own share menu where the browser has one
   (Zalo, Messenger… appear there when installed), and copying the link where the clipboard can be
   written. Both stay hidden otherwise; the Facebook link needs no script. */
(function () {
  "use strict";
  document.querySelectorAll(".share-actions").forEach(function (box) {
    var shared = { title: box.dataset.shareTitle, text: box.dataset.shareText, url: box.dataset.shareUrl };
    var status = box.parentNode.querySelector(".share-status");
    var native = box.querySelector(".share-native");
    var copy = box.querySelector(".share-copy");

    if (navigator.share && (!navigator.canShare || navigator.canShare(shared))) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share(shared).catch(function () {}); // closed without sharing: nothing to say
      });
    }
    if (navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(shared.url).then(
          function () { status.textContent = box.dataset.copied; },
          function () { status.textContent = box.dataset.copyFailed; }
        );
      });
    }
  });
})();
