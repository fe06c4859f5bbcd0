// Countdown for timed quizzes. The server is the authority on time: this only shows it.
// Markup: <span data-quiz-timer data-seconds-left="N"><span data-timer-text></span></span>
(function () {
  "use strict";

  function format(seconds) {
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = seconds % 60;
    var mm = (h && m < 10 ? "0" : "") + m;
    return (h ? h + ":" : "") + mm + ":" + (s < 10 ? "0" : "") + s;
  }

  function start(el) {
    var seconds = parseInt(el.getAttribute("data-seconds-left"), 10);
    if (isNaN(seconds)) return;
    var deadline = Date.now() + seconds * 1000;
    var text = el.querySelector("[data-timer-text]");
    function tick() {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      if (left === 0) {
        text.textContent = "time is up, submit now";
        el.classList.remove("text-bg-dark", "text-bg-warning");
        el.classList.add("text-bg-danger");
        return;
      }
      text.textContent = format(left);
      if (left <= 60) {
        el.classList.remove("text-bg-dark");
        el.classList.add("text-bg-warning");
      }
      window.setTimeout(tick, 1000);
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-quiz-timer]").forEach(start);
  });
})();
