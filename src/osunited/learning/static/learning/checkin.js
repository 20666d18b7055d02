// The check-in page's camera scanner: reads the QR code of a ticket with jsQR and submits the
// page's own ticket form, so that the server decides exactly as for a typed code. Without a
// camera or JavaScript, the form is typed into by hand. After each check-in the page reloads
// and the camera starts again; the ticket read last is not sent twice in a row.
(function () {
  "use strict";
  var form = document.querySelector("[data-checkin-form]");
  var section = document.querySelector("[data-scanner]");
  if (!form || !section) {
    return;
  }
  var media = navigator.mediaDevices;
  if (!media || !media.getUserMedia || typeof window.jsQR !== "function") {
    return;
  }
  var LAST = "osu-checkin-last-ticket";
  var RUNNING = "osu-checkin-camera";
  var input = form.querySelector("input[name=ticket]");
  var video = section.querySelector("[data-scanner-video]");
  var state = section.querySelector("[data-scanner-state]");
  var start = section.querySelector("[data-scanner-start]");
  var stop = section.querySelector("[data-scanner-stop]");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  section.hidden = false;

  function ticketOf(text) {
    var match = /\/learning\/checkin\/([A-Za-z0-9_-]{8,40})\/?/.exec(text);
    return match ? match[1] : text.trim();
  }

  function stopCamera() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
    }
    stream = null;
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  }

  function read() {
    if (video.readyState < video.HAVE_ENOUGH_DATA || !video.videoWidth) {
      return null;
    }
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    return code && code.data ? ticketOf(code.data) : null;
  }

  function scan() {
    if (!stream) {
      return;
    }
    var ticket = read();
    if (ticket && ticket !== window.sessionStorage.getItem(LAST)) {
      window.sessionStorage.setItem(LAST, ticket);
      state.textContent = form.dataset.read;
      input.value = ticket;
      stopCamera();
      form.submit();
      return;
    }
    window.requestAnimationFrame(scan);
  }

  function startCamera() {
    media.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (opened) {
        stream = opened;
        video.srcObject = opened;
        video.hidden = false;
        start.hidden = true;
        stop.hidden = false;
        state.textContent = form.dataset.reading;
        return video.play();
      })
      .then(function () { window.requestAnimationFrame(scan); })
      .catch(function () {
        window.sessionStorage.removeItem(RUNNING);
        stopCamera();
        state.textContent = form.dataset.unavailable;
      });
  }

  start.addEventListener("click", function () {
    window.sessionStorage.setItem(RUNNING, "1");
    startCamera();
  });
  stop.addEventListener("click", function () {
    window.sessionStorage.removeItem(RUNNING);
    stopCamera();
  });
  if (window.sessionStorage.getItem(RUNNING) === "1") {
    startCamera();
  }
}());
