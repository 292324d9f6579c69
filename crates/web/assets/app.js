// lantu: small progressive enhancement only; every page works without it.
// A link to a line (#L123) scrolls the line into the middle of the screen.
(function () {
  function centre() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && el.scrollIntoView) { el.scrollIntoView({ block: "center" }); }
  }
  window.addEventListener("hashchange", centre);
  document.addEventListener("DOMContentLoaded", centre);
})();

// A print button (the evaluation report): the browser's own print dialog, which also
// saves as PDF.
document.addEventListener("click", function (e) {
  var t = e.target;
  if (t && t.hasAttribute && t.hasAttribute("data-print")) { window.print(); }
});
