// N-API bindings of the conv kernels.
#include <napi.h>

#include "families.h"

namespace fx {

void InitConv(Napi::Env env, Napi::Object exports) {}

}  // namespace fx
