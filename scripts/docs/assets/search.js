// Offline search of the Distill documentation: the index is search-index.js (window.DISTILL_SEARCH_INDEX, built by
// scripts/docs/search-index.ts), loaded as a script so it works from file:// too. No network, no dependencies.
(function () {
  'use strict';
  var input = document.getElementById('search-input');
  var list = document.getElementById('search-results');
  var form = document.getElementById('search');
  if (!input || !list || !form) return;
  var root = document.body.getAttribute('data-root') || './';

  function terms(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}_-]+/u).filter(function (t) { return t.length > 0; });
  }

  // Score an entry: every term must occur; names and headings weigh more than body text; exact name match wins.
  function score(entry, words, phrase) {
    var name = entry.n.toLowerCase();
    var heading = entry.h.toLowerCase();
    var text = entry.x.toLowerCase();
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      var s = 0;
      if (name === w) s += 100;
      else if (name.indexOf(w) >= 0) s += 30;
      if (heading.indexOf(w) >= 0) s += 10;
      if (text.indexOf(w) >= 0) s += 1;
      if (s === 0) return 0;
      total += s;
    }
    if (name === phrase || heading === phrase) total += 200;
    return total + (entry.k === 'operator' ? 5 : 0);
  }

  function render(results) {
    list.textContent = '';
    results.forEach(function (r) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = root + r.p + (r.a ? '#' + r.a : '');
      a.textContent = r.h;
      var small = document.createElement('small');
      small.textContent = r.t + (r.k ? ' · ' + r.k : '');
      a.appendChild(small);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (results.length === 0) {
      var none = document.createElement('li');
      none.textContent = 'No matches';
      none.className = 'none';
      list.appendChild(none);
    }
    list.hidden = false;
  }

  function search() {
    var index = window.DISTILL_SEARCH_INDEX || [];
    var phrase = input.value.trim().toLowerCase();
    var words = terms(phrase);
    if (words.length === 0) { list.hidden = true; return; }
    var scored = [];
    for (var i = 0; i < index.length; i++) {
      var s = score(index[i], words, phrase);
      if (s > 0) scored.push({ s: s, e: index[i] });
    }
    scored.sort(function (a, b) { return b.s - a.s; });
    render(scored.slice(0, 20).map(function (x) { return x.e; }));
  }

  input.addEventListener('input', search);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var first = list.querySelector('a');
    if (first) window.location.href = first.href;
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === '/' && document.activeElement !== input) { event.preventDefault(); input.focus(); }
    if (event.key === 'Escape') list.hidden = true;
  });
})();
