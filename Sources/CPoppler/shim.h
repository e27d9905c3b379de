// Poppler (glib front end) for PDF text layers and page rendering, cairo as the raster target.
#include <poppler.h>
#include <cairo.h>
#include <cairo-pdf.h>

// GObject's unref takes a gpointer; a typed wrapper keeps call sites free of casts.
static inline void flusso_poppler_unref(void *object) { g_object_unref(object); }

// The 1-based page an outline entry's action points to (a page number or a named destination in
// this document); 0 when it points nowhere in it.
static inline int flusso_action_page(PopplerDocument *document, PopplerAction *action) {
    if (action == NULL || action->type != POPPLER_ACTION_GOTO_DEST || action->goto_dest.dest == NULL) return 0;
    PopplerDest *dest = action->goto_dest.dest;
    if (dest->type == POPPLER_DEST_NAMED) {
        PopplerDest *found = poppler_document_find_dest(document, dest->named_dest);
        if (found == NULL) return 0;
        int page = found->page_num;
        poppler_dest_free(found);
        return page > 0 ? page : 0;
    }
    return dest->page_num > 0 ? dest->page_num : 0;
}

// An outline entry's title (owned by the action).
static inline const char *flusso_action_title(PopplerAction *action) {
    return action == NULL ? NULL : action->any.title;
}

// The text attributes list's element (a PopplerTextAttributes).
static inline PopplerTextAttributes *flusso_text_attributes(GList *element) {
    return (PopplerTextAttributes *)element->data;
}
