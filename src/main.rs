//! Web admin entry point: mounts the app into `<body>`.

fn main() {
    console_error_panic_hook::set_once();
    let _ = console_log::init_with_level(log::Level::Info);
    leptos::mount::mount_to_body(webadmin::app::App);
}
