/*
 * install.c - the implementation of seccompc-runtime.h, for the library build.
 */
#define SECCOMPC_RUNTIME_IMPLEMENTATION
#include "seccompc-runtime.h"
