// Poppler (glib front end) for PDF text layers and page rendering, cairo as the raster target.
#include <poppler.h>
#include <cairo.h>
#include <cairo-pdf.h>

// GObject's unref takes a gpointer; a typed wrapper keeps call sites free of casts.
static inline void flusso_poppler_unref(void *object) { g_object_unref(object); }
