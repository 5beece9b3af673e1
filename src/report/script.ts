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
  // A guide across the lanes and f_count plots at the step under the pointer.
  document.querySelectorAll('.scroll').forEach(function (box) {
    var svg = box.querySelector('svg.timeline');
    if (!svg) return;
    var x0 = Number(svg.getAttribute('data-x0'));
    var w = Number(svg.getAttribute('data-step'));
    var n = Number(svg.getAttribute('data-steps'));
    var guide = document.createElement('div');
    guide.className = 'guide';
    guide.hidden = true;
    guide.style.width = w + 'px';
    box.appendChild(guide);
    box.addEventListener('mousemove', function (e) {
      var x = e.clientX - box.getBoundingClientRect().left + box.scrollLeft;
      var p = Math.floor((x - x0) / w);
      guide.hidden = p < 0 || p >= n;
      guide.style.left = x0 + p * w + 'px';
      guide.setAttribute('data-step', 'step ' + p);
    });
    box.addEventListener('mouseleave', function () { guide.hidden = true; });
  });
  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a[href^="#"]') : null;
    if (a) setTimeout(function () { reveal(decodeURIComponent(a.getAttribute('href').slice(1))); }, 0);
  });
  window.addEventListener('hashchange', function () { reveal(decodeURIComponent(location.hash.slice(1))); });
  if (location.hash) reveal(decodeURIComponent(location.hash.slice(1)));
})();
`;
