// Shim over OpenBLAS's CBLAS and the reference LAPACKE interface.
// Not API: only the LinearAlgebra target imports this module.
#ifndef TRAJECTORY_CLAPACK_H
#define TRAJECTORY_CLAPACK_H
#include <cblas.h>
#include <lapacke.h>
#endif
