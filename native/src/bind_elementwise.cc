// N-API bindings of the elementwise kernels.
#include <napi.h>

#include "families.h"

namespace fx {

void InitElementwise(Napi::Env env, Napi::Object exports) {}

}  // namespace fx
