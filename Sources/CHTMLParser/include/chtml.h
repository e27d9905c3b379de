// A small C face of libxml2's HTML parser for Swift: libxml2's own headers pull in the system's
// ICU headers, which clash with Foundation's, so Swift sees only these declarations.
#pragma once

typedef struct flusso_html_document flusso_html_document;
typedef const struct flusso_html_node flusso_html_node;

enum flusso_html_node_kind { FLUSSO_HTML_OTHER = 0, FLUSSO_HTML_ELEMENT = 1, FLUSSO_HTML_TEXT = 2 };

// Parses HTML leniently (recovering from broken markup, no network, no error output); NULL when
// nothing could be read. Free with flusso_html_free.
flusso_html_document *flusso_html_parse(const char *bytes, int length);
void flusso_html_free(flusso_html_document *document);

// The document's first top-level node (NULL when it has none).
flusso_html_node *flusso_html_first(flusso_html_document *document);
flusso_html_node *flusso_html_child(flusso_html_node *node);
flusso_html_node *flusso_html_next(flusso_html_node *node);
int flusso_html_kind(flusso_html_node *node);
// The element's lower-case name (NULL for other nodes); owned by the document.
const char *flusso_html_name(flusso_html_node *node);
// A text node's content (NULL for other nodes); owned by the document.
const char *flusso_html_text(flusso_html_node *node);
// 1 when the element is hidden (`hidden`, or `aria-hidden="true"`).
int flusso_html_hidden(flusso_html_node *node);
