/* The share box's "send via…" button (templates/includes/share.html): the phone's own share menu, where
   Zalo, Messenger… appear when installed. Shown only where the browser has one; the Facebook link
   and the copy button (copy.js) need nothing from here. */
(function () {
  "use strict";
  if (!navigator.share) return;
  document.querySelectorAll(".share-actions").forEach(function (box) {
    var shared = { title: box.dataset.shareTitle, text: box.dataset.shareText, url: box.dataset.shareUrl };
    var button = box.querySelector(".share-native");
    if (navigator.canShare && !navigator.canShare(shared)) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.share(shared).catch(function () {}); // closed without sharing: nothing to say
    });
  });
})();
