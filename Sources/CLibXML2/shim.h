// libxml2's HTML parser (error-tolerant, as browsers are) for help-centre exports.
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
