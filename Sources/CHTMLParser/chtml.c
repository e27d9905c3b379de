#include "chtml.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <strings.h>

static pthread_once_t flusso_once = PTHREAD_ONCE_INIT;
static void flusso_init(void) { xmlInitParser(); }

flusso_html_document *flusso_html_parse(const char *bytes, int length) {
    pthread_once(&flusso_once, flusso_init);
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED;
    return (flusso_html_document *)htmlReadMemory(bytes, length, NULL, NULL, options);
}

void flusso_html_free(flusso_html_document *document) {
    if (document != NULL) xmlFreeDoc((xmlDocPtr)document);
}

flusso_html_node *flusso_html_first(flusso_html_document *document) {
    return document == NULL ? NULL : (flusso_html_node *)((xmlDocPtr)document)->children;
}

flusso_html_node *flusso_html_child(flusso_html_node *node) {
    return node == NULL ? NULL : (flusso_html_node *)((xmlNodePtr)node)->children;
}

flusso_html_node *flusso_html_next(flusso_html_node *node) {
    return node == NULL ? NULL : (flusso_html_node *)((xmlNodePtr)node)->next;
}

int flusso_html_kind(flusso_html_node *node) {
    if (node == NULL) return FLUSSO_HTML_OTHER;
    switch (((xmlNodePtr)node)->type) {
    case XML_ELEMENT_NODE: return FLUSSO_HTML_ELEMENT;
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE: return FLUSSO_HTML_TEXT;
    default: return FLUSSO_HTML_OTHER;
    }
}

const char *flusso_html_name(flusso_html_node *node) {
    if (node == NULL || ((xmlNodePtr)node)->type != XML_ELEMENT_NODE) return NULL;
    return (const char *)((xmlNodePtr)node)->name;
}

const char *flusso_html_text(flusso_html_node *node) {
    if (flusso_html_kind(node) != FLUSSO_HTML_TEXT) return NULL;
    return (const char *)((xmlNodePtr)node)->content;
}

int flusso_html_hidden(flusso_html_node *node) {
    if (node == NULL || ((xmlNodePtr)node)->type != XML_ELEMENT_NODE) return 0;
    xmlNodePtr element = (xmlNodePtr)node;
    if (xmlHasProp(element, (const xmlChar *)"hidden") != NULL) return 1;
    xmlChar *aria = xmlGetProp(element, (const xmlChar *)"aria-hidden");
    int hidden = aria != NULL && strcasecmp((const char *)aria, "true") == 0;
    if (aria != NULL) xmlFree(aria);
    return hidden;
}
