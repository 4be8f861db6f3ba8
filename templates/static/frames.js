/* Open a wide diagram on its first step (Kennosto, issue 14).
 *
 * The stylesheet does it with `scroll-initial-target` on the mark that diagrams.py
 * places at step 1; browsers without that property (Firefox, Safari in 2026) would open
 * the frame at its left edge, which on a phone is often empty space or a side exit.
 * There this script scrolls each frame sideways once, so the mark is centred. Without
 * JavaScript the frame still scrolls by hand.
 */
(function () {
  "use strict";

  function centre(frame) {
    var mark = frame.querySelector(".kn-start span");
    if (!mark || frame.scrollWidth <= frame.clientWidth) return;
    var f = frame.getBoundingClientRect();
    var m = mark.getBoundingClientRect();
    frame.scrollLeft += m.left + m.width / 2 - (f.left + f.width / 2);
  }

  window.KennostoFrames = { centre: centre };
  if (window.CSS && CSS.supports && CSS.supports("scroll-initial-target", "nearest")) return;

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".kn-scroll"), centre);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
