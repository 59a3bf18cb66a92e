{
  "variables": {
    "fluxion_asan%": 0
  },
  "target_defaults": {
    "cflags_cc": ["-std=c++17", "-O3", "-fno-math-errno", "-Wall", "-Wextra", "-Wno-unused-parameter"],
    "cflags_cc!": ["-fno-exceptions", "-std=gnu++14", "-std=gnu++17", "-O2"],
    "cflags!": ["-fno-exceptions", "-O2"],
    "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "native/src"],
    "defines": ["NAPI_CPP_EXCEPTIONS", "NAPI_VERSION=8"],
    "conditions": [
      ["fluxion_asan==1", {
        "cflags_cc": ["-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-fno-sanitize-recover=undefined", "-O1", "-g"],
        "ldflags": ["-fsanitize=address,undefined"]
      }]
    ]
  },
  "targets": [
    {
      "target_name": "fluxion_avx2",
      "type": "static_library",
      "conditions": [
        ["target_arch=='x64'", {
          "cflags_cc": ["-mavx2", "-mfma", "-fPIC"],
          # node-gyp compiles with -fno-omit-frame-pointer; with it GCC 12 spilled two of the GEMM micro-kernel's
          # accumulators to the stack inside its K loop (about 7% of a [1024,784]x[784,256] product). The SIMD
          # kernels get rbp back; the sanitizer build keeps frame pointers for its stack traces.
          "conditions": [
            ["fluxion_asan==0", {
              "cflags_cc": ["-fomit-frame-pointer"]
            }]
          ],
          "sources": [
            "native/src/gemm_avx2.cc",
            "native/src/elementwise_avx2.cc",
            "native/src/conv_avx2.cc"
          ]
        }]
      ]
    },
    {
      "target_name": "fluxion",
      "sources": [
        "native/src/addon.cc",
        "native/src/pool.cc",
        "native/src/cpu_features.cc",
        "native/src/gemm.cc",
        "native/src/bind_gemm.cc",
        "native/src/elementwise.cc",
        "native/src/reduce.cc",
        "native/src/bind_elementwise.cc",
        "native/src/conv.cc",
        "native/src/pooling.cc",
        "native/src/bind_conv.cc",
        "native/src/movement.cc",
        "native/src/bind_movement.cc"
      ],
      "conditions": [
        ["target_arch=='x64'", {
          "defines": ["FLUXION_HAVE_AVX2"],
          "dependencies": ["fluxion_avx2"]
        }]
      ]
    }
  ]
}
