// N-API bindings of the movement kernels.
#include <napi.h>

#include "families.h"

namespace fx {

void InitMovement(Napi::Env env, Napi::Object exports) {}

}  // namespace fx
