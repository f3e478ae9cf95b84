// Polls a simulation's JSON (the URL in data-url) and moves the progress bar; reloads the page when the
// run is done or failed, so the server draws the results. No inline script: the CSP forbids it.
(function () {
  var holder = document.getElementById("progress");
  if (!holder) { return; }
  var bar = holder.querySelector("progress");
  var label = holder.querySelector(".done");
  function poll() {
    fetch(holder.getAttribute("data-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (run) {
        bar.value = run.progress;
        label.textContent = Math.round(run.progress * 100) + "% (" + run.done.toLocaleString() + " runs)";
        if (run.status === "done" || run.status === "failed") { window.location.reload(); }
        else { setTimeout(poll, 400); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
