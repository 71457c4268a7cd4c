/* sellerkb: the words of case bodies join the search box after the reader's first query.

   Material's search worker answers from search/search_index.json, which every page
   downloads: for cases, their titles, summaries and the names of their facts. The words
   of their bodies are in search/bodies.json, fetched once the reader has typed: each
   case's entry gets them as its field "body" (which the index's config declares), the
   worker is set up again, and the query asked again when it is ready.

   This file is the only one that knows Material's worker protocol (Material 9): messages
   of type 0 (setup: the index), 1 (ready), 2 (query) and 3 (result). It must run before
   Material's bundle makes the worker, hence in <head>. With another theme it does
   nothing; if the words of bodies cannot be had, the search box keeps the first index. */
(function () {
  "use strict";
  var Native = window.Worker;
  if (typeof Native !== "function" || typeof fetch !== "function") return;
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

  function bodiesUrl() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL("search/bodies.json", new URL(base, location.href));
  }

  function joined(setup, bodies) {
    var docs = setup.docs.map(function (doc) {
      var words = bodies[doc.location];
      return typeof words === "string" && words
        ? Object.assign({}, doc, { body: words })
        : doc;
    });
    return Object.assign({}, setup, { docs: docs });
  }

  // <html data-skb-search="full"> once the answer from the whole index is shown,
  // "partial" if the words of bodies could not be had.
  function mark(state) {
    document.documentElement.setAttribute("data-skb-search", state);
  }

  function withBodies(worker) {
    var post = worker.postMessage.bind(worker);
    var setup = null, query = null;
    var state = "waiting";  // then "fetching", "joining", "asking", "done"
    worker.addEventListener("message", function (event) {
      var type = event.data && event.data.type;
      if (state === "joining" && type === READY) {
        state = "asking";
        post({ type: QUERY, data: query });
      } else if (state === "asking" && type === RESULT) {
        state = "done";
        mark("full");
      }
    });
    worker.postMessage = function (message) {
      post.apply(null, arguments);
      if (!message || typeof message !== "object") return;
      if (message.type === SETUP) setup = message.data;
      if (message.type !== QUERY) return;
      query = message.data;
      // Material asks an empty query as soon as its worker is ready: not a reader's
      if (typeof query !== "string" || !query.trim()) return;
      if (state !== "waiting" || !setup || !Array.isArray(setup.docs)) return;
      state = "fetching";
      fetch(bodiesUrl())
        .then(function (response) {
          if (!response.ok) throw new Error("search/bodies.json: HTTP " + response.status);
          return response.json();
        })
        .then(function (bodies) {
          state = "joining";
          post({ type: SETUP, data: joined(setup, bodies) });
        })
        .catch(function (error) {
          state = "done";  // the first index keeps answering
          mark("partial");
          console.warn("sellerkb: searching titles, summaries and facts only:", error);
        });
    };
    return worker;
  }

  function SearchWorker(url, options) {
    var worker = new Native(url, options);
    return /\/workers\/search\.[^/]*\.js/.test(String(url)) ? withBodies(worker) : worker;
  }
  SearchWorker.prototype = Native.prototype;
  window.Worker = SearchWorker;
})();
