//! Web admin entry point: mounts the app into `<body>`.

fn main() {
    leptos::mount::mount_to_body(webadmin::app::App);
}
