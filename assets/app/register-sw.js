// Registers the service worker (sw.js, beside index.html) that keeps the app working offline.
// A separate file because the page's Content-Security-Policy allows no inline script.
// Relative URLs: the app may be served under any path.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("sw.js").catch((err) => {
    // Offline, the browser cannot check for a new worker; the installed one serves the app.
    if (navigator.serviceWorker.controller) return;
    console.error(`rmsprop-lab: the offline copy could not be installed: ${err}`);
  });
}
