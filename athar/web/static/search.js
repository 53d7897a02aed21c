// The search page: after HTMX pushes a new URL (a search), the language switch must bring the
// reader back to that URL, not to the page as it was first loaded.
"use strict";
document.addEventListener("htmx:pushedIntoHistory", function () {
  var here = encodeURIComponent(window.location.pathname + window.location.search);
  document.querySelectorAll('a[href^="/lang/"]').forEach(function (link) {
    link.setAttribute("href", link.getAttribute("href").split("?")[0] + "?next=" + here);
  });
});
