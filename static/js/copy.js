/* Copy buttons (templates/includes/copy_button.html): shown where the clipboard can be written; a click
   copies the button's data-copy and says so in the status line named by data-copy-status. */
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var status = document.getElementById(button.dataset.copyStatus);
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(
        function () { status.textContent = button.dataset.copied; },
        function () { status.textContent = button.dataset.copyFailed; }
      );
    });
  });
})();
