"""Regenerates the Pillow reference cases used by PillowReferenceTest.

Run from this directory: python3 generate.py  (needs Pillow and numpy; the committed files were made
with the Pillow version recorded in cases.json). Writes:
  images/*   small encoded images in modes Pillow and ImageIO both read
  expected.safetensors   '<case>.rgb' = np.asarray(Image.open(f).convert('RGB')) for every image,
                         '<case>.resized' = Image.resize((w, h), resample, reducing_gap=None) of an RGB source
  cases.json  the list of cases
"""
import io, json, os, struct
import numpy as np
import PIL
from PIL import Image

rng = np.random.default_rng(20241203)
os.makedirs("images", exist_ok=True)
tensors = {}
decode_cases = []

def save(name, img, fmt="PNG", **kw):
    path = os.path.join("images", name)
    img.save(path, fmt, **kw)
    got = np.asarray(Image.open(path).convert("RGB"))
    decode_cases.append({"id": name.split(".")[0], "file": name, "mode": img.mode})
    tensors[name.split(".")[0] + ".rgb"] = got

w, h = 13, 9
rgb = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
save("rgb8.png", Image.fromarray(rgb, "RGB"))
save("gray8.png", Image.fromarray(rgb[:, :, 0], "L"))
save("gray_alpha.png", Image.fromarray(np.dstack([rgb[:, :, 0], rgb[:, :, 1]]), "LA"))
rgba = np.dstack([rgb, rng.integers(0, 256, (h, w), dtype=np.uint8)])
rgba[0, :, 3] = 0
save("rgba8.png", Image.fromarray(rgba, "RGBA"))
save("bilevel.png", Image.fromarray(rgb[:, :, 0] > 127).convert("1"))
pal = Image.fromarray(rgb, "RGB").quantize(colors=5)
save("palette4.png", pal, bits=4)
pal8 = Image.fromarray(rgb, "RGB").quantize(colors=200)
pal8.info["transparency"] = 3
save("palette_trns.png", pal8, transparency=3)
g16 = rng.integers(0, 600, (h, w), dtype=np.uint16)
save("gray16.png", Image.fromarray(g16.astype(np.int32), "I").convert("I;16"))
save("rgb.bmp", Image.fromarray(rgb, "RGB"), "BMP")
save("palette.gif", pal8, "GIF")
save("gray.jpg", Image.fromarray(rgb[:, :, 0], "L"), "JPEG", quality=95)
Image.fromarray(rgb, "RGB").convert("CMYK").save(os.path.join("images", "cmyk.jpg"), "JPEG", quality=95)

resize_cases = []
src_sizes = [(37, 23), (8, 5), (29, 31), (3, 7)]
for si, (sw, sh) in enumerate(src_sizes):
    src = rng.integers(0, 256, (sh, sw, 3), dtype=np.uint8)
    tensors[f"src{si}"] = src
    for resample in (0, 1, 2, 3, 4, 5):
        for (ow, oh) in [(sw // 2 + 1, sh // 3 + 1), (sw * 2 + 1, sh + 3), (11, 11), (sw, sh * 2)]:
            out = np.asarray(Image.fromarray(src, "RGB").resize((ow, oh), resample=resample, reducing_gap=None))
            cid = f"src{si}_r{resample}_{ow}x{oh}"
            tensors[cid + ".resized"] = out
            resize_cases.append({"id": cid, "source": f"src{si}", "resample": resample, "width": ow, "height": oh})

def write_safetensors(path, ts):
    header, offset, blobs = {}, 0, []
    for k in sorted(ts):
        a = np.ascontiguousarray(ts[k], dtype=np.uint8)
        b = a.tobytes()
        header[k] = {"dtype": "U8", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    hj = json.dumps(header, separators=(",", ":")).encode()
    hj += b" " * ((8 - len(hj) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hj)))
        f.write(hj)
        for b in blobs:
            f.write(b)

write_safetensors("expected.safetensors", tensors)
with open("cases.json", "w") as f:
    json.dump({"pillow": PIL.__version__, "decode": decode_cases, "resize": resize_cases,
               "rejected": [{"file": "cmyk.jpg", "why": "CMYK JPEG"}]}, f, indent=1)
