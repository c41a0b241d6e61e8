#version 330 core
// Round points coloured from a 1-D colormap; units without a value (NaN, masked) are discarded.
in float colormapCoord;
in float valid;

uniform sampler1D colormap;
uniform float opacity;

out vec4 fragColor;

void main() {
    if (valid < 0.5) discard;
    vec2 d = gl_PointCoord * 2.0 - 1.0;
    if (dot(d, d) > 1.0) discard;
    vec3 rgb = texture(colormap, colormapCoord).rgb;
    fragColor = vec4(rgb, opacity);
}
