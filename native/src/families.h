// Each kernel family registers its N-API functions on the addon's exports.
#pragma once
#include <napi.h>

namespace fx {
void InitGemm(Napi::Env env, Napi::Object exports);
void InitElementwise(Napi::Env env, Napi::Object exports);
void InitConv(Napi::Env env, Napi::Object exports);
void InitMovement(Napi::Env env, Napi::Object exports);
}  // namespace fx
