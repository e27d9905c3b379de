// Tesseract's C API (tesseract 5). `struct Pix` stays opaque here; CLeptonica owns it.
#include <tesseract/capi.h>
