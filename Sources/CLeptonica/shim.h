// Leptonica: image reading (PNG, JPEG, multi-page TIFF), rotation and deskew.
#include <leptonica/allheaders.h>
