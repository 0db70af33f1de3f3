//! index.html from the template at the repository's root: its `{{name}}` marks replaced by the
//! built files' addresses and integrity values. The inline script it ends up with is allowed by
//! the engine's Content-Security-Policy by its hash (computed when the engine starts).

use anyhow::bail;

/// The addresses (and SRI values) index.html refers to.
pub struct Files {
    pub css: String,
    pub css_integrity: String,
    /// wasm-bindgen's module, which starts the app.
    pub js: String,
    pub js_integrity: String,
    /// The split modules' loader, which `js` imports (preloaded to save a round trip).
    pub loader: String,
    pub wasm: String,
}

pub fn index(template: &str, files: &Files) -> anyhow::Result<String> {
    let mut html = template.to_string();
    for (mark, value) in [
        ("{{css}}", &files.css),
        ("{{css_integrity}}", &files.css_integrity),
        ("{{js}}", &files.js),
        ("{{js_integrity}}", &files.js_integrity),
        ("{{loader}}", &files.loader),
        ("{{wasm}}", &files.wasm),
    ] {
        if !html.contains(mark) {
            bail!("index.html has no {mark}");
        }
        html = html.replace(mark, value);
    }
    if let Some(at) = html.find("{{") {
        bail!("index.html has an unknown mark at byte {at}");
    }
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        Files {
            css: "/main-1.css".into(),
            css_integrity: "sha384-c".into(),
            js: "/app-2/webadmin.js".into(),
            js_integrity: "sha384-j".into(),
            loader: "/app-2/__wasm_split.js".into(),
            wasm: "/app-2/webadmin_bg.wasm".into(),
        }
    }

    #[test]
    fn the_repositorys_template_gets_every_address() {
        let template = include_str!("../../../index.html");
        let html = index(template, &files()).unwrap();
        for needle in [
            "href=\"/main-1.css\" integrity=\"sha384-c\"",
            "import init from '/app-2/webadmin.js'",
            "module_or_path: '/app-2/webadmin_bg.wasm'",
            "href=\"/app-2/__wasm_split.js\"",
        ] {
            assert!(html.contains(needle), "{needle} in {html}");
        }
    }

    #[test]
    fn a_missing_or_unknown_mark_is_an_error() {
        assert!(index("<html></html>", &files()).is_err());
        let all = "{{css}}{{css_integrity}}{{js}}{{js_integrity}}{{loader}}{{wasm}}{{other}}";
        assert!(index(all, &files()).is_err());
    }
}
