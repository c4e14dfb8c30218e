// The pages' only script, loaded from here because the content security policy forbids inline handlers.

// A button marked data-action="print" prints the page.
document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action='print']");
    if (button) {
        window.print();
    }
});

// The portal's login page waits for the card's answer (given by the holder's app): it asks the login's state every
// two seconds and, once a card has answered, completes the login by pressing the page's own button. Without the
// script the holder presses it.
document.addEventListener("DOMContentLoaded", () => {
    const wait = document.querySelector("[data-login-status]");
    if (!wait) {
        return;
    }
    const progress = document.getElementById("login-progress");
    const complete = document.getElementById("login-complete");
    const timer = setInterval(async () => {
        let state;
        try {
            const response = await fetch(wait.dataset.loginStatus, { headers: { "Accept": "application/json" }, credentials: "same-origin" });
            if (!response.ok) {
                return;
            }
            state = await response.json();
        } catch {
            return;
        }
        if (state.progress === "Answered") {
            clearInterval(timer);
            complete.requestSubmit();
        } else if (state.progress === "Failed" || state.progress === "Expired") {
            clearInterval(timer);
            progress.textContent = state.message;
            progress.setAttribute("role", "alert");
        }
    }, 2000);
});

// The kiosk's PIN pad: its keys type into the PIN field (which a keyboard fills as well); 訂正 clears it.
document.addEventListener("click", (event) => {
    const key = event.target.closest("[data-pin-key]");
    if (!key) {
        return;
    }
    const field = key.form && key.form.querySelector("input[name='pin']");
    if (!field) {
        return;
    }
    if (key.dataset.pinKey === "clear") {
        field.value = "";
    } else if (field.value.length < 4) {
        field.value += key.dataset.pinKey;
    }
    field.focus();
});
