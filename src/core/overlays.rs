//! Which extra layers the surface view draws: one set of flags for the app, links and
//! exported view settings.

/// The overlays a user can switch on; contours are on by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overlays {
    pub contours: bool,
    /// The gradient and the step actually taken, at each run's head.
    pub step_arrows: bool,
    /// A dashed rectangle at each run's head with sides ∝ √v per axis (the root of the
    /// accumulator that divides the gradient: the longer side's coordinate is scaled down more).
    pub accumulator: bool,
    /// The gradient field of the surface.
    pub quiver: bool,
    /// On data with minibatches: the contours of the loss on the rows the next update uses
    /// (the heatmap is the full-batch loss), redrawn at every step.
    pub batch_contours: bool,
}

impl Overlays {
    /// Every overlay off.
    pub const NONE: Overlays = Overlays {
        contours: false,
        step_arrows: false,
        accumulator: false,
        quiver: false,
        batch_contours: false,
    };
    /// Names in links (`overlays=contours,arrows`), in the order of [`Overlays::flags`].
    pub const NAMES: [&'static str; 5] = ["contours", "arrows", "accumulator", "field", "batch"];

    /// The flags in the order of [`Overlays::NAMES`].
    pub fn flags(&mut self) -> [&mut bool; 5] {
        [
            &mut self.contours,
            &mut self.step_arrows,
            &mut self.accumulator,
            &mut self.quiver,
            &mut self.batch_contours,
        ]
    }
}

impl Default for Overlays {
    fn default() -> Self {
        Overlays { contours: true, ..Overlays::NONE }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_follow_the_names() {
        let mut o = Overlays::NONE;
        *o.flags()[1] = true;
        assert!(o.step_arrows && !o.contours);
        assert_eq!(Overlays::NAMES[1], "arrows");
        assert!(Overlays::default().contours);
    }
}
