//! Stand-in single-line input until the full widget lands.

#[derive(Debug, Default, Clone)]
pub struct TextInput {
    value: String,
    cursor: usize,
}

impl TextInput {
    pub fn new(value: &str) -> Self {
        TextInput {
            value: value.to_string(),
            cursor: value.len(),
        }
    }
    pub fn value(&self) -> &str {
        &self.value
    }
    pub fn insert_str(&mut self, s: &str) {
        let s: String = s
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        self.value.insert_str(self.cursor, &s);
        self.cursor += s.len();
    }
    pub fn move_left(&mut self) {
        if let Some(c) = self.value[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
        }
    }
    pub fn move_right(&mut self) {
        if let Some(c) = self.value[self.cursor..].chars().next() {
            self.cursor += c.len_utf8();
        }
    }
    pub fn move_word_left(&mut self) {
        self.move_home()
    }
    pub fn move_word_right(&mut self) {
        self.move_end()
    }
    pub fn move_home(&mut self) {
        self.cursor = 0
    }
    pub fn move_end(&mut self) {
        self.cursor = self.value.len()
    }
    pub fn backspace(&mut self) {
        if let Some(c) = self.value[..self.cursor].chars().next_back() {
            self.cursor -= c.len_utf8();
            self.value.remove(self.cursor);
        }
    }
    pub fn delete(&mut self) {
        if self.cursor < self.value.len() {
            self.value.remove(self.cursor);
        }
    }
    pub fn delete_word_back(&mut self) {
        self.kill_to_start()
    }
    pub fn kill_to_start(&mut self) {
        self.value.replace_range(..self.cursor, "");
        self.cursor = 0;
    }
    pub fn kill_to_end(&mut self) {
        self.value.truncate(self.cursor)
    }
    pub fn visible(&self, _width: usize) -> (String, usize) {
        (
            self.value.clone(),
            crate::text::width(&self.value[..self.cursor]),
        )
    }
}
