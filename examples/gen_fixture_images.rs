//! Writes the tiny images of the figure fixtures (tests/fixtures/figures/): a PNG, a JPEG,
//! a GIF and a WebP, drawn from code so that they carry no metadata and are reproducible.
//! `cargo run --example gen_fixture_images -- DIR`

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("DIR"));
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
