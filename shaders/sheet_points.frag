#version 330 core
// Round points coloured from a 1-D colormap (or one flat colour when the layer has no values yet); units
// without a value are discarded so the background shows through.
in float texCoord;
flat in int hasValue;

uniform sampler1D colormap;
uniform bool useFlat;
uniform vec4 flatColor;

out vec4 fragColor;

void main() {
    vec2 d = gl_PointCoord * 2.0 - 1.0;
    if (dot(d, d) > 1.0) discard;
    if (useFlat) {
        fragColor = flatColor;
        return;
    }
    if (hasValue == 0) discard;
    fragColor = vec4(texture(colormap, texCoord).rgb, 1.0);
}
