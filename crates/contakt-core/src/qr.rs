//! A chat link as a QR code, so a phone can open the chat by scanning it: encoded by the
//! `qrcode` crate (no image features), drawn as one SVG path of dark modules (each row's runs
//! of dark modules as rectangles) inside a 4-module quiet zone. The pages build the SVG (or a
//! PNG) from the path with DOM calls, never from markup.

use serde::Serialize;

use crate::msg;
use crate::words::Msg;

/// The quiet zone around the code, in modules (the standard asks for 4).
pub const QUIET: usize = 4;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Qr {
    /// Width and height in modules, quiet zone included (the SVG's viewBox).
    pub size: usize,
    /// The dark modules as an SVG path (`M x y h w v 1 h -w z` per run).
    pub path: String,
}

/// `text` as a QR code (error correction level M); too long for any version: said so.
pub fn encode(text: &str) -> Result<Qr, Msg> {
    let code = qrcode::QrCode::new(text.as_bytes()).map_err(|_| msg!("qr_too_long"))?;
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] == qrcode::Color::Dark {
                let start = x;
                while x < width && colors[y * width + x] == qrcode::Color::Dark {
                    x += 1;
                }
                let run = x - start;
                path.push_str(&format!("M{} {}h{run}v1h-{run}z", start + QUIET, y + QUIET));
            } else {
                x += 1;
            }
        }
    }
    Ok(Qr { size: width + 2 * QUIET, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_becomes_a_path_inside_its_quiet_zone() {
        let qr = encode("https://wa.me/442079460958?text=Hello").unwrap();
        assert!(qr.size >= 21 + 8);
        assert!(qr.path.starts_with("M4 4h7v1h-7z"), "the top-left finder pattern: {}", &qr.path[..40]);
        assert_eq!(encode(&"x".repeat(5000)).unwrap_err().key, "qr_too_long");
    }
}
