// Another window on the widget's own origin: tests use it to replay a legitimate message to the partner.
window.__post = (message, targetOrigin) => parent.postMessage(message, targetOrigin);
