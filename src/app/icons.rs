//! Inline SVG icons: they render the same everywhere, unlike symbol fonts.

use leptos::prelude::*;

/// The icons the app draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconName {
    Play,
    Pause,
    Step,
    Reset,
    Eye,
    EyeOff,
    Copy,
    Close,
    Explain,
    Link,
    Download,
    Upload,
    Pin,
}

impl IconName {
    /// The icon's path on a 24 × 24 grid.
    fn path(self) -> &'static str {
        match self {
            IconName::Play => "M7 4.5v15l12-7.5z",
            IconName::Pause => "M6.5 4.5h4v15h-4zM13.5 4.5h4v15h-4z",
            IconName::Step => "M5 4.5v15l10-7.5zM16 4.5h3v15h-3z",
            IconName::Reset => "M5 4.5h3v15H5zM19 4.5v15L9 12z",
            IconName::Eye => "M12 5C6.5 5 2.7 9.2 1.5 12c1.2 2.8 5 7 10.5 7s9.3-4.2 10.5-7C21.3 9.2 17.5 5 12 5zm0 11.2a4.2 4.2 0 1 1 0-8.4 4.2 4.2 0 0 1 0 8.4zm0-6.6a2.4 2.4 0 1 0 0 4.8 2.4 2.4 0 0 0 0-4.8z",
            IconName::EyeOff => "M3.3 2.3 2 3.6l3.2 3.2C3.4 8.2 2.2 10.1 1.5 12c1.2 2.8 5 7 10.5 7 1.8 0 3.4-.4 4.8-1.1l3.6 3.6 1.3-1.3zM12 16.2a4.2 4.2 0 0 1-3.9-5.8l1.4 1.4a2.4 2.4 0 0 0 2.9 2.9l1.4 1.4c-.6.1-1.2.1-1.8.1zm0-11.2c5.5 0 9.3 4.2 10.5 7-.6 1.4-1.6 2.9-3 4.1l-3.1-3.1a4.2 4.2 0 0 0-5.2-5.2L8.9 5.5C9.9 5.2 10.9 5 12 5z",
            IconName::Copy => "M8 3h11v13h-2V5H8zM4 7h11v14H4zm2 2v10h7V9z",
            IconName::Close => "M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12 19 6.4 17.6 5 12 10.6z",
            IconName::Explain => "M4 5h16v2H4zm0 6h10v2H4zm0 6h16v2H4z",
            IconName::Link => "M10.6 13.4a1 1 0 0 1 0-1.4l3.5-3.5a3 3 0 1 1 4.2 4.2l-2 2-1.4-1.4 2-2a1 1 0 1 0-1.4-1.4L12 13.4a1 1 0 0 1-1.4 0zM13.4 10.6a1 1 0 0 1 0 1.4l-3.5 3.5a3 3 0 1 1-4.2-4.2l2-2 1.4 1.4-2 2a1 1 0 1 0 1.4 1.4l3.5-3.5a1 1 0 0 1 1.4 0z",
            IconName::Download => "M11 3h2v10l3.5-3.5 1.4 1.4L12 16.8 6.1 10.9l1.4-1.4L11 13zM4 18h16v2H4z",
            IconName::Upload => "M11 20h2V10l3.5 3.5 1.4-1.4L12 6.2l-5.9 5.9 1.4 1.4L11 10zM4 4h16v2H4z",
            IconName::Pin => "M9 3h6v2l-1 1v5l3 3v2h-4v5l-1 1-1-1v-5H7v-2l3-3V6L9 5z",
        }
    }
}

/// An icon; decorative (the button around it carries the accessible name).
#[component]
pub fn Icon(name: IconName) -> impl IntoView {
    view! {
        <svg class="icon-svg" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path d=name.path() fill="currentColor"></path>
        </svg>
    }
}
