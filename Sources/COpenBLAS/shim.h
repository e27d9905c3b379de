// OpenBLAS (Debian libopenblas-dev): the CBLAS interface plus OpenBLAS's thread setting.
#include <cblas.h>
void openblas_set_num_threads(int num_threads);
