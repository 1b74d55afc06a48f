//! Writes the tiny images of the figure fixtures (tests/fixtures/figures/): a PNG, a JPEG,
//! a GIF and a WebP, drawn from code so that they carry no metadata and are reproducible.
//! `cargo run --example gen_fixture_images -- DIR`
//!
//! `-- --gif-webp DIR` writes a small GIF and WebP; `-- --photos N DIR` writes N photo-like 2000×1500 JPEGs instead (`photo-01.jpg`, …), for
//! measuring how a build scales with its images (README, "Performance").

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--photos") {
        let n: u32 = args[1].parse().expect("N");
        let dir = std::path::PathBuf::from(&args[2]);
        for i in 0..n {
            // Smooth gradients with fine texture: compresses like a photo, not like a flat image.
            let photo = image::RgbImage::from_fn(2000, 1500, |x, y| {
                let t = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729) ^ i.wrapping_mul(31)) % 23;
                image::Rgb([
                    ((x / 8 + i * 10) % 256) as u8,
                    ((y / 6) % 256) as u8,
                    (((x + y) / 14) % 256) as u8 ^ t as u8,
                ])
            });
            let mut jpeg = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 85).encode_image(&photo).unwrap();
            std::fs::write(dir.join(format!("photo-{:02}.jpg", i + 1)), jpeg).unwrap();
        }
        return;
    }
    if args.first().map(String::as_str) == Some("--gif-webp") {
        // A GIF and a WebP, for trying the validators on those formats.
        let dir = std::path::PathBuf::from(&args[1]);
        let pixels = image::RgbaImage::from_fn(24, 16, |x, y| image::Rgba([(x * 10) as u8, (y * 15) as u8, 90, 255]));
        pixels.save(dir.join("anim.gif")).unwrap();
        pixels.save(dir.join("still.webp")).unwrap();
        return;
    }
    let dir = std::path::PathBuf::from(&args[0]);
    let diagram = image::RgbImage::from_fn(120, 80, |x, y| {
        let in_box = (10..110).contains(&x) && (10..40).contains(&y);
        let (dx, dy) = (x as i32 - 60, y as i32 - 60);
        if in_box {
            image::Rgb([0x1a, 0x4d, 0x8c])
        } else if dx * dx + dy * dy < 144 {
            image::Rgb([0xc0, 0x39, 0x2b])
        } else {
            image::Rgb([255, 255, 255])
        }
    });
    diagram.save(dir.join("diagram.png")).unwrap();
    let photo =
        image::RgbImage::from_fn(160, 120, |x, y| image::Rgb([(x * 255 / 160) as u8, (y * 255 / 120) as u8, 180]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80).encode_image(&photo).unwrap();
    std::fs::write(dir.join("photo.jpg"), jpeg).unwrap();
}
