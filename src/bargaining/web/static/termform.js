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
  // In a case of several units, the unit chooser puts that unit's roles and schedules in the form's
  // choices at once (the page's JSON per unit), keeping what was chosen where the new unit has it too.
  function follow(unit) {
    var data = document.getElementById(unit.getAttribute("data-unit-fields"));
    var choices = data ? JSON.parse(data.textContent)[unit.value] : null;
    if (!choices) { return; }
    var fields = unit.form.querySelectorAll("select[data-choices]");
    for (var f = 0; f < fields.length; f++) {
      var field = fields[f];
      var names = choices[field.getAttribute("data-choices")];
      if (!names) { continue; }
      var kept = {};
      for (var o = field.options.length - 1; o >= 0; o--) {
        var option = field.options[o];
        if (option.value === "") { continue; } // "none" stays first
        if (option.selected) { kept[option.value] = true; }
        field.remove(o);
      }
      for (var n = 0; n < names.length; n++) {
        field.add(new Option(names[n], names[n], false, kept[names[n]] === true));
      }
      if (field.multiple) { field.size = Math.max(1, Math.min(names.length, 4)); }
    }
  }
  var units = document.querySelectorAll("select[data-unit-fields]");
  for (var u = 0; u < units.length; u++) {
    units[u].addEventListener("change", function (e) { follow(e.target); });
  }
})();
