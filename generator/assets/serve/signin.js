/* pingan serve: /signin. Fill the session code from the address (?code=) or from this tablet. */
(function () {
  "use strict";

  var key = window.pinganServe.CODE_KEY;
  var input = document.getElementById("signin-code");
  var fromUrl = new URLSearchParams(window.location.search).get("code");
  var known = "";
  try {
    if (fromUrl) window.localStorage.setItem(key, fromUrl);
    known = fromUrl || window.localStorage.getItem(key) || "";
  } catch (e) {
    known = fromUrl || "";
  }
  if (input && !input.value) input.value = known;
  var member = document.getElementById("signin-member");
  if (member && input && input.value && !member.value) member.focus();
})();
