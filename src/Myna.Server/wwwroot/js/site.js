// The pages' only script, loaded from here because the content security policy forbids inline handlers:
// a button marked data-action="print" prints the page.
document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action='print']");
    if (button) {
        window.print();
    }
});
