// HTML report: the page's small inline script (progressive: copy buttons, expand/collapse, open the linked details).

/** Plain ES2017 run by the browser; the page is complete without it. It reads no user text into markup. */
export const SCRIPT = `
(function () {
  'use strict';
  function copy(btn) {
    var code = btn.parentNode.querySelector('code');
    if (!code) return;
    var text = code.textContent;
    var done = function () {
      btn.textContent = 'copied';
      setTimeout(function () { btn.textContent = 'copy'; }, 1200);
    };
    var fallback = function () {
      var r = document.createRange();
      r.selectNodeContents(code);
      var s = window.getSelection();
      s.removeAllRanges();
      s.addRange(r);
      try { document.execCommand('copy'); done(); } catch (e) { btn.textContent = 'select + Ctrl-C'; }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }
  function reveal(id) {
    var el = id && document.getElementById(id);
    if (!el) return;
    for (var p = el; p; p = p.parentElement) if (p.tagName === 'DETAILS') p.open = true;
    el.scrollIntoView({ block: 'center' });
  }
  document.querySelectorAll('button.copy').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () { copy(b); });
  });
  document.querySelectorAll('button[data-details]').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () {
      var open = b.getAttribute('data-details') === 'open';
      document.querySelectorAll('details').forEach(function (d) { d.open = open; });
    });
  });
  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a[href^="#"]') : null;
    if (a) setTimeout(function () { reveal(decodeURIComponent(a.getAttribute('href').slice(1))); }, 0);
  });
  window.addEventListener('hashchange', function () { reveal(decodeURIComponent(location.hash.slice(1))); });
  if (location.hash) reveal(decodeURIComponent(location.hash.slice(1)));
})();
`;
