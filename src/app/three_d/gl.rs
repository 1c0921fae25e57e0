//! WebGL2 through web-sys: three small programs (the lit mesh with its contour lines, line
//! segments drawn as screen-space quads, markers as point sprites), their buffers, and one
//! draw of the whole picture. Everything here can fail softly: a lost context or a refused
//! shader gives an `Err` or draws nothing, never a panic.

use crate::view::three_d::mesh::Mesh;
use crate::view::three_d::scene::{SceneBuffers, POINT_FLOATS, SEGMENT_FLOATS};
use wasm_bindgen::JsCast;
use web_sys::{
    HtmlCanvasElement, WebGl2RenderingContext as Gl, WebGlBuffer, WebGlProgram,
    WebGlUniformLocation, WebGlVertexArrayObject,
};

const MESH_VS: &str = r#"#version 300 es
layout(location = 0) in vec3 a_pos;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec4 a_color;
layout(location = 3) in float a_t;
uniform mat4 u_mvp;
uniform float u_zs;
out vec3 v_normal;
out vec3 v_color;
out float v_t;
void main() {
  gl_Position = u_mvp * vec4(a_pos.xy, a_pos.z * u_zs, 1.0);
  // The normal of z = zs·u from that of z = u.
  v_normal = vec3(a_normal.xy * u_zs, a_normal.z);
  v_color = a_color.rgb;
  v_t = a_t;
}"#;

const MESH_FS: &str = r#"#version 300 es
precision highp float;
in vec3 v_normal;
in vec3 v_color;
in float v_t;
uniform vec3 u_light;
uniform float u_levels;
out vec4 o_color;
void main() {
  vec3 n = normalize(v_normal);
  // Lit from both sides (the underside shows through holes), mostly from above.
  float diffuse = abs(dot(n, u_light));
  vec3 c = v_color * (0.5 + 0.55 * diffuse);
  if (u_levels > 0.0) {
    // Contour lines where the colour position crosses k / levels, about a pixel wide.
    float x = v_t * u_levels;
    float d = abs(fract(x - 0.5) - 0.5) / max(fwidth(x), 1e-6);
    float line = (1.0 - clamp(d - 0.5, 0.0, 1.0)) * step(0.5, x) * step(x, u_levels - 0.5);
    c = mix(c, vec3(1.0), 0.4 * line);
  }
  o_color = vec4(c, 1.0);
}"#;

const LINE_VS: &str = r#"#version 300 es
layout(location = 0) in vec2 a_corner;
layout(location = 1) in vec3 a_from;
layout(location = 2) in vec3 a_to;
layout(location = 3) in vec4 a_color;
layout(location = 4) in float a_width;
uniform mat4 u_mvp;
uniform float u_zs;
uniform vec2 u_viewport;
uniform float u_dpr;
out vec4 v_color;
out float v_dist;
out float v_half;
void main() {
  vec4 ca = u_mvp * vec4(a_from.xy, a_from.z * u_zs, 1.0);
  vec4 cb = u_mvp * vec4(a_to.xy, a_to.z * u_zs, 1.0);
  vec2 sa = ca.xy / ca.w * u_viewport * 0.5;
  vec2 sb = cb.xy / cb.w * u_viewport * 0.5;
  vec2 d = sb - sa;
  float len = length(d);
  vec2 dir = len > 1e-4 ? d / len : vec2(1.0, 0.0);
  vec2 nrm = vec2(-dir.y, dir.x);
  float half_w = 0.5 * a_width * u_dpr;
  // Half a pixel more for the anti-aliased edge; the ends reach out to cover the joints.
  float w = half_w + 0.5;
  vec4 c = a_corner.x < 0.5 ? ca : cb;
  vec2 off = nrm * a_corner.y * w + dir * (a_corner.x * 2.0 - 1.0) * half_w;
  c.xy += off / (u_viewport * 0.5) * c.w;
  gl_Position = c;
  v_color = a_color;
  v_dist = a_corner.y * w;
  v_half = half_w;
}"#;

const LINE_FS: &str = r#"#version 300 es
precision highp float;
in vec4 v_color;
in float v_dist;
in float v_half;
out vec4 o_color;
void main() {
  float a = v_color.a * clamp(v_half + 0.5 - abs(v_dist), 0.0, 1.0);
  o_color = vec4(v_color.rgb * a, a);
}"#;

const POINT_VS: &str = r#"#version 300 es
layout(location = 0) in vec3 a_pos;
layout(location = 1) in vec4 a_color;
layout(location = 2) in float a_size;
layout(location = 3) in float a_shape;
uniform mat4 u_mvp;
uniform float u_zs;
uniform float u_dpr;
out vec4 v_color;
out float v_r;
out float v_box;
flat out int v_shape;
void main() {
  gl_Position = u_mvp * vec4(a_pos.xy, a_pos.z * u_zs, 1.0);
  v_r = 0.5 * a_size * u_dpr;
  v_box = (a_size + 6.0) * u_dpr;
  gl_PointSize = v_box;
  v_color = a_color;
  v_shape = int(a_shape + 0.5);
}"#;

const POINT_FS: &str = r#"#version 300 es
precision highp float;
in vec4 v_color;
in float v_r;
in float v_box;
flat in int v_shape;
uniform float u_dpr;
out vec4 o_color;
float box2(vec2 p, vec2 b) { vec2 d = abs(p) - b; return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0); }
void main() {
  vec2 q = (gl_PointCoord - 0.5) * v_box;
  q.y = -q.y;
  float r = v_r;
  float d;
  if (v_shape == 1) {
    d = box2(q, vec2(0.85 * r));
  } else if (v_shape == 2) {
    // An upward triangle: three half-planes.
    vec2 p = vec2(q.x, q.y + 0.25 * r);
    d = max(max(-p.y - 0.75 * r, 0.866 * p.x + 0.5 * p.y - 0.6 * r), -0.866 * p.x + 0.5 * p.y - 0.6 * r);
  } else if (v_shape == 3) {
    d = (abs(q.x) + abs(q.y) - 1.15 * r) * 0.7071;
  } else if (v_shape == 4) {
    d = abs(length(q) - r + 1.5 * u_dpr) - 1.25 * u_dpr;
  } else if (v_shape == 5) {
    vec2 p = vec2(q.x + q.y, q.x - q.y) * 0.7071;
    d = min(box2(p, vec2(0.8 * r, 1.0 * u_dpr)), box2(p, vec2(1.0 * u_dpr, 0.8 * r)));
  } else {
    d = length(q) - r;
  }
  float outline = 1.5 * u_dpr;
  float fill = clamp(0.5 - d, 0.0, 1.0);
  float all = clamp(0.5 - (d - outline), 0.0, 1.0);
  float a = fill * v_color.a + (all - fill) * 0.85;
  if (a <= 0.0) discard;
  o_color = vec4(v_color.rgb * fill * v_color.a, a);
}"#;

/// A linked program with its uniforms looked up once.
struct Program {
    program: WebGlProgram,
    mvp: Option<WebGlUniformLocation>,
    zs: Option<WebGlUniformLocation>,
    dpr: Option<WebGlUniformLocation>,
    viewport: Option<WebGlUniformLocation>,
    light: Option<WebGlUniformLocation>,
    levels: Option<WebGlUniformLocation>,
}

impl Program {
    fn new(gl: &Gl, vs: &str, fs: &str) -> Result<Program, String> {
        let shader = |kind: u32, src: &str| {
            let s = gl.create_shader(kind).ok_or("no shader")?;
            gl.shader_source(&s, src);
            gl.compile_shader(&s);
            if gl.get_shader_parameter(&s, Gl::COMPILE_STATUS).as_bool() == Some(true) {
                Ok(s)
            } else {
                Err(gl.get_shader_info_log(&s).unwrap_or_else(|| "shader error".into()))
            }
        };
        let program = gl.create_program().ok_or("no program")?;
        gl.attach_shader(&program, &shader(Gl::VERTEX_SHADER, vs)?);
        gl.attach_shader(&program, &shader(Gl::FRAGMENT_SHADER, fs)?);
        gl.link_program(&program);
        if gl.get_program_parameter(&program, Gl::LINK_STATUS).as_bool() != Some(true) {
            return Err(gl.get_program_info_log(&program).unwrap_or_else(|| "link error".into()));
        }
        let u = |name: &str| gl.get_uniform_location(&program, name);
        Ok(Program {
            mvp: u("u_mvp"),
            zs: u("u_zs"),
            dpr: u("u_dpr"),
            viewport: u("u_viewport"),
            light: u("u_light"),
            levels: u("u_levels"),
            program,
        })
    }
}

/// A vertex array with one buffer and how many items it holds (for segments: an index
/// buffer too, with room for `capacity` quads).
struct Batch {
    vao: WebGlVertexArrayObject,
    buffer: WebGlBuffer,
    indices: Option<WebGlBuffer>,
    capacity: usize,
    count: i32,
}

/// Floats per segment-quad vertex: the segment (from, to, colour, width) and the corner.
const QUAD_FLOATS: usize = SEGMENT_FLOATS + 2;
/// The corners (along, side) of a segment's quad, and its two triangles.
const CORNERS: [[f32; 2]; 4] = [[0.0, -1.0], [1.0, -1.0], [1.0, 1.0], [0.0, 1.0]];
const QUAD_INDICES: [u32; 6] = [0, 1, 2, 0, 2, 3];

/// What a frame needs besides the buffers.
pub struct FrameParams {
    pub mvp: [f32; 16],
    /// World units per unit of height.
    pub zs: f32,
    /// The drawing buffer's size in device pixels.
    pub viewport: (u32, u32),
    pub dpr: f32,
    /// Contour lines: how many intervals the colour scale is cut into (0: none).
    pub levels: f32,
}

pub struct Renderer {
    gl: Gl,
    mesh_program: Program,
    line_program: Program,
    point_program: Program,
    mesh_vao: WebGlVertexArrayObject,
    mesh_buffers: Vec<WebGlBuffer>,
    mesh_indices: i32,
    segments: Batch,
    axes: Batch,
    points: Batch,
}

/// The canvas's WebGL2 context (antialiased; the drawing buffer is kept so that the PNG
/// export and tests can read the picture), or None where there is no WebGL2.
pub fn context(canvas: &HtmlCanvasElement) -> Option<Gl> {
    let options = js_sys::Object::new();
    for (key, value) in [("antialias", false), ("preserveDrawingBuffer", true), ("alpha", true)] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    canvas.get_context_with_context_options("webgl2", &options).ok()??.dyn_into::<Gl>().ok()
}

fn f32_buffer(gl: &Gl, target: u32, data: &[f32], usage: u32) -> Option<WebGlBuffer> {
    let b = gl.create_buffer()?;
    gl.bind_buffer(target, Some(&b));
    gl.buffer_data_with_array_buffer_view(target, &js_sys::Float32Array::from(data), usage);
    Some(b)
}

/// Vertex attribute `loc`: `size` floats at float `offset` of a `stride`-float record.
fn attribute(gl: &Gl, loc: u32, size: i32, stride: usize, offset: usize) {
    gl.enable_vertex_attrib_array(loc);
    let (stride, offset) = ((stride * 4) as i32, (offset * 4) as i32);
    gl.vertex_attrib_pointer_with_i32(loc, size, Gl::FLOAT, false, stride, offset);
}

impl Renderer {
    pub fn new(gl: Gl) -> Result<Renderer, String> {
        let mesh_program = Program::new(&gl, MESH_VS, MESH_FS)?;
        let line_program = Program::new(&gl, LINE_VS, LINE_FS)?;
        let point_program = Program::new(&gl, POINT_VS, POINT_FS)?;
        let no = || "WebGL refused a buffer".to_string();
        let mesh_vao = gl.create_vertex_array().ok_or_else(no)?;
        // Segments as indexed quads, each vertex carrying its segment: not instanced, because
        // SwiftShader (software WebGL) draws an instanced call instance by instance, which
        // made 20 000 segments cost a third of a second.
        let segment_batch = |gl: &Gl| -> Option<Batch> {
            let vao = gl.create_vertex_array()?;
            gl.bind_vertex_array(Some(&vao));
            let buffer = f32_buffer(gl, Gl::ARRAY_BUFFER, &[], Gl::DYNAMIC_DRAW)?;
            let s = QUAD_FLOATS;
            attribute(gl, 1, 3, s, 0);
            attribute(gl, 2, 3, s, 3);
            attribute(gl, 3, 4, s, 6);
            attribute(gl, 4, 1, s, 10);
            attribute(gl, 0, 2, s, 11);
            let indices = gl.create_buffer()?;
            gl.bind_buffer(Gl::ELEMENT_ARRAY_BUFFER, Some(&indices));
            gl.bind_vertex_array(None);
            Some(Batch { vao, buffer, indices: Some(indices), capacity: 0, count: 0 })
        };
        let segments = segment_batch(&gl).ok_or_else(no)?;
        let axes = segment_batch(&gl).ok_or_else(no)?;
        let points = (|| {
            let vao = gl.create_vertex_array()?;
            gl.bind_vertex_array(Some(&vao));
            let buffer = f32_buffer(&gl, Gl::ARRAY_BUFFER, &[], Gl::DYNAMIC_DRAW)?;
            let s = POINT_FLOATS;
            attribute(&gl, 0, 3, s, 0);
            attribute(&gl, 1, 4, s, 3);
            attribute(&gl, 2, 1, s, 7);
            attribute(&gl, 3, 1, s, 8);
            gl.bind_vertex_array(None);
            Some(Batch { vao, buffer, indices: None, capacity: 0, count: 0 })
        })()
        .ok_or_else(no)?;
        Ok(Renderer {
            gl,
            mesh_program,
            line_program,
            point_program,
            mesh_vao,
            mesh_buffers: Vec::new(),
            mesh_indices: 0,
            segments,
            axes,
            points,
        })
    }

    /// Replaces the mesh (a new surface, window or height mode).
    pub fn set_mesh(&mut self, mesh: &Mesh) {
        let gl = &self.gl;
        for b in self.mesh_buffers.drain(..) {
            gl.delete_buffer(Some(&b));
        }
        gl.bind_vertex_array(Some(&self.mesh_vao));
        let mut buffers = Vec::new();
        for (loc, size, data) in [(0, 3, &mesh.positions), (1, 3, &mesh.normals), (3, 1, &mesh.t)] {
            if let Some(b) = f32_buffer(gl, Gl::ARRAY_BUFFER, data, Gl::STATIC_DRAW) {
                attribute(gl, loc, size, size as usize, 0);
                buffers.push(b);
            }
        }
        if let Some(b) = gl.create_buffer() {
            gl.bind_buffer(Gl::ARRAY_BUFFER, Some(&b));
            gl.buffer_data_with_u8_array(Gl::ARRAY_BUFFER, &mesh.colors, Gl::STATIC_DRAW);
            gl.enable_vertex_attrib_array(2);
            gl.vertex_attrib_pointer_with_i32(2, 4, Gl::UNSIGNED_BYTE, true, 0, 0);
            buffers.push(b);
        }
        if let Some(b) = gl.create_buffer() {
            gl.bind_buffer(Gl::ELEMENT_ARRAY_BUFFER, Some(&b));
            let indices = js_sys::Uint32Array::from(&mesh.indices[..]);
            gl.buffer_data_with_array_buffer_view(
                Gl::ELEMENT_ARRAY_BUFFER,
                &indices,
                Gl::STATIC_DRAW,
            );
            buffers.push(b);
        }
        gl.bind_vertex_array(None);
        self.mesh_indices = if buffers.len() == 5 { mesh.indices.len() as i32 } else { 0 };
        self.mesh_buffers = buffers;
    }

    /// Replaces the paths, markers and bars.
    pub fn set_scene(&mut self, scene: &SceneBuffers) {
        upload_segments(&self.gl, &mut self.segments, &scene.segments);
        upload(&self.gl, &mut self.points, &scene.points, scene.point_count());
    }

    /// Replaces the axes (they follow the camera).
    pub fn set_axes(&mut self, axes: &SceneBuffers) {
        upload_segments(&self.gl, &mut self.axes, &axes.segments);
    }

    pub fn draw(&self, f: &FrameParams) {
        let gl = &self.gl;
        if gl.is_context_lost() {
            return;
        }
        let (w, h) = (f.viewport.0 as i32, f.viewport.1 as i32);
        gl.viewport(0, 0, w, h);
        gl.clear_color(0.0, 0.0, 0.0, 0.0);
        gl.clear(Gl::COLOR_BUFFER_BIT | Gl::DEPTH_BUFFER_BIT);
        gl.enable(Gl::DEPTH_TEST);
        gl.depth_func(Gl::LEQUAL);
        gl.depth_mask(true);
        gl.disable(Gl::BLEND);
        // The mesh a little further back, so lines on it win the depth test.
        gl.enable(Gl::POLYGON_OFFSET_FILL);
        gl.polygon_offset(1.0, 2.0);
        let uniforms = |p: &Program| {
            gl.use_program(Some(&p.program));
            gl.uniform_matrix4fv_with_f32_array(p.mvp.as_ref(), false, &f.mvp);
            gl.uniform1f(p.zs.as_ref(), f.zs);
            gl.uniform1f(p.dpr.as_ref(), f.dpr);
            gl.uniform2f(p.viewport.as_ref(), w as f32, h as f32);
        };
        if self.mesh_indices > 0 {
            let p = &self.mesh_program;
            uniforms(p);
            // Light from above, a little from the front left.
            let l = [-0.35_f32, -0.45, 1.0];
            let n = (l[0] * l[0] + l[1] * l[1] + l[2] * l[2]).sqrt();
            gl.uniform3f(p.light.as_ref(), l[0] / n, l[1] / n, l[2] / n);
            gl.uniform1f(p.levels.as_ref(), f.levels);
            gl.bind_vertex_array(Some(&self.mesh_vao));
            gl.draw_elements_with_i32(Gl::TRIANGLES, self.mesh_indices, Gl::UNSIGNED_INT, 0);
        }
        gl.disable(Gl::POLYGON_OFFSET_FILL);
        // Lines and markers: blended (premultiplied), tested against the mesh, not each other.
        gl.enable(Gl::BLEND);
        gl.blend_func(Gl::ONE, Gl::ONE_MINUS_SRC_ALPHA);
        gl.depth_mask(false);
        uniforms(&self.line_program);
        for batch in [&self.axes, &self.segments] {
            if batch.count > 0 {
                gl.bind_vertex_array(Some(&batch.vao));
                gl.draw_elements_with_i32(Gl::TRIANGLES, batch.count * 6, Gl::UNSIGNED_INT, 0);
            }
        }
        if self.points.count > 0 {
            // Markers on top of everything: log height makes funnels of the minima, whose
            // walls would hide the markers at their bottoms from most angles.
            gl.disable(Gl::DEPTH_TEST);
            uniforms(&self.point_program);
            gl.bind_vertex_array(Some(&self.points.vao));
            gl.draw_arrays(Gl::POINTS, 0, self.points.count);
        }
        gl.bind_vertex_array(None);
        gl.depth_mask(true);
    }
}

fn upload(gl: &Gl, batch: &mut Batch, data: &[f32], count: usize) {
    gl.bind_buffer(Gl::ARRAY_BUFFER, Some(&batch.buffer));
    gl.buffer_data_with_array_buffer_view(
        Gl::ARRAY_BUFFER,
        &js_sys::Float32Array::from(data),
        Gl::DYNAMIC_DRAW,
    );
    batch.count = count as i32;
}

/// Each segment (from, to, colour, width) as the four corners of its quad, with indices for
/// their two triangles (the index buffer only grows).
fn upload_segments(gl: &Gl, batch: &mut Batch, segments: &[f32]) {
    let n = segments.len() / SEGMENT_FLOATS;
    let mut quads = Vec::with_capacity(n * 4 * QUAD_FLOATS);
    for seg in segments.chunks_exact(SEGMENT_FLOATS) {
        for corner in CORNERS {
            quads.extend_from_slice(seg);
            quads.extend_from_slice(&corner);
        }
    }
    gl.bind_vertex_array(Some(&batch.vao));
    if n > batch.capacity {
        let capacity = n.next_power_of_two();
        let indices: Vec<u32> =
            (0..capacity as u32).flat_map(|q| QUAD_INDICES.map(|i| q * 4 + i)).collect();
        gl.bind_buffer(Gl::ELEMENT_ARRAY_BUFFER, batch.indices.as_ref());
        let view = js_sys::Uint32Array::from(&indices[..]);
        gl.buffer_data_with_array_buffer_view(Gl::ELEMENT_ARRAY_BUFFER, &view, Gl::STATIC_DRAW);
        batch.capacity = capacity;
    }
    gl.bind_vertex_array(None);
    upload(gl, batch, &quads, n);
}
