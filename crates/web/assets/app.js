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
