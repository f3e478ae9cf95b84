// The term form (templates/_terms_form.html): choosing a kind of term shows that kind's fields and hides
// the others. Without JavaScript the "show the fields" button does the same through the server.
(function () {
  var refresh = document.querySelectorAll("button.no-js");
  for (var r = 0; r < refresh.length; r++) { refresh[r].hidden = true; }
  function show(select) {
    var block = select.closest("fieldset.term");
    var parts = block.querySelectorAll(".term-fields");
    for (var i = 0; i < parts.length; i++) {
      parts[i].hidden = parts[i].getAttribute("data-type") !== select.value;
    }
  }
  var selects = document.querySelectorAll("select.term-type");
  for (var s = 0; s < selects.length; s++) {
    selects[s].addEventListener("change", function (e) { show(e.target); });
  }
})();
