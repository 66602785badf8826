//! What a key means: every user-level action of the TUI, and the views.

/// A top-level view, switched with `1`…`5` and `Tab`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum View {
    Backlog,
    Epics,
    Planning,
    Metrics,
}

impl View {
    /// Views in tab order.
    pub const ALL: [View; 4] = [View::Backlog, View::Epics, View::Planning, View::Metrics];

    /// The name shown in the header tabs.
    pub fn title(self) -> &'static str {
        match self {
            View::Backlog => "Backlog",
            View::Epics => "Epics",
            View::Planning => "Planning",
            View::Metrics => "Metrics",
        }
    }
}

/// Something the user asked for. `App::update` is the only place that acts on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    CursorDown,
    CursorUp,
    CursorTop,
    CursorBottom,
    PageDown,
    PageUp,
    MoveDown,
    MoveUp,
    MoveTop,
    MoveBottom,
    OpenDetail,
    Back,
    AddStory,
    EditForm,
    EditInEditor,
    Delete,
    SetPoints,
    CycleMoscow,
    CycleStatus,
    PickEpic,
    ToggleCriterion,
    AddCriterion,
    EditCriterion,
    DeleteCriterion,
    CriterionDown,
    CriterionUp,
    AddEpic,
    RenameEpic,
    DeleteEpic,
    ShowEpicStories,
    Undo,
    Redo,
    Search,
    NextMatch,
    PrevMatch,
    Filter,
    ClearFilter,
    FocusLeft,
    FocusRight,
    ToggleInSprint,
    ToggleGoal,
    NewSprint,
    EditSprint,
    StartSprint,
    CloseSprint,
    ShowView(View),
    NextView,
    Palette,
    Help,
    Quit,
    Save,
    // Inside popups.
    ReloadTheirs,
    KeepOurs,
    Submit,
    Cancel,
    Yes,
    No,
    NextField,
    PrevField,
    ChoiceNext,
    ChoicePrev,
    Text(TextOp),
}

/// An editing operation on the focused text input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextOp {
    Left,
    Right,
    WordLeft,
    WordRight,
    Home,
    End,
    Backspace,
    Delete,
    DeleteWordBack,
    KillToStart,
    KillToEnd,
}
