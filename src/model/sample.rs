//! A realistic generated backlog for `po init --sample`: what a newcomer sees
//! first and what benchmarks load. The same seed and date give the same
//! backlog, and the work is linear in the number of stories (plus one sort).

mod catalog;
mod daily;
mod history;
mod plan;
mod requests;
mod rng;
mod sprints;
#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde_json::Map;

use super::{Backlog, Criterion, Epic, Kind, Moscow, Rice, Status, Story};
use catalog::{
    CHORES, DESCRIPTIONS, EXTRA_LABELS, GENERIC_CRITERIA, STAKEHOLDERS, THEMES, Theme, VARIANTS,
    VISIONS,
};
use plan::{Calendar, Draft, Groups, Plan, Role};
use rng::Rng;

/// Story points people actually use, with how often they are picked.
const FIBONACCI: [(f64, u32); 7] = [
    (1.0, 10),
    (2.0, 18),
    (3.0, 25),
    (5.0, 24),
    (8.0, 14),
    (13.0, 6),
    (21.0, 3),
];

/// Generates a sample backlog of `stories` stories for a product named `name`,
/// with sprints laid out around `today`.
pub fn generate(name: &str, stories: usize, seed: u64, today: NaiveDate) -> Backlog {
    let mut g = Generator::new(seed, today);
    let mut backlog = Backlog::new(name);
    backlog.product.vision = g.rng.pick(VISIONS).replace("{name}", name);
    g.add_epics(&mut backlog);
    let plan = Plan::new(stories, &mut g.rng);
    let calendar = Calendar::new(today, plan.closed.len(), stories > 0);
    let sprint_keys: Vec<String> = (0..calendar.windows.len())
        .map(|_| backlog.allocate_key(Kind::Sprint))
        .collect();
    let focus = g.focus(sprint_keys.len());

    let drafts = g.drafts(&plan, &calendar);
    let mut groups = Groups::new(&plan);
    for draft in &drafts {
        let key = backlog.allocate_key(Kind::Story);
        let story = g.story(key, draft, &calendar, &sprint_keys, &focus, plan.backlog);
        groups.put(draft.role, story);
    }
    backlog.sprints = g.sprints(&calendar, &sprint_keys, &focus, &groups);
    let goal_epics: Vec<Option<String>> =
        focus.iter().map(|&t| g.epic_keys.get(t).cloned()).collect();
    history::record(&mut backlog.sprints, &mut groups, &goal_epics);
    backlog.stories = groups.into_rank_order();
    backlog.requests = g.requests(&mut backlog);
    backlog
}

/// The generator's state while it writes stories.
struct Generator {
    rng: Rng,
    today: NaiveDate,
    /// The themes used as epics, in epic order; `CHORES` is not among them.
    themes: Vec<&'static Theme>,
    epic_keys: Vec<String>,
    /// How often each theme is picked; the last entry is for chores.
    weights: Vec<u32>,
    /// Per theme (chores last): how many stories it has had, and its idea order.
    uses: Vec<usize>,
    orders: Vec<Vec<usize>>,
    /// Per theme: a few recent story keys, to pick dependencies from.
    recent: Vec<Vec<String>>,
    /// The running sprint's day-to-day draws from its own numbers, so
    /// adding to it leaves every other part of a seed's sample as it was.
    daily: Rng,
    /// Whether a story of the running sprint has been given a blocker yet.
    blocked_one: bool,
}

impl Generator {
    fn new(seed: u64, today: NaiveDate) -> Generator {
        Generator {
            rng: Rng(seed),
            today,
            themes: Vec::new(),
            epic_keys: Vec::new(),
            weights: Vec::new(),
            uses: Vec::new(),
            orders: Vec::new(),
            recent: Vec::new(),
            daily: Rng(seed ^ 0xDA11_u64.rotate_left(40)),
            blocked_one: false,
        }
    }

    /// Picks 8 to 12 themes and adds them as epics of different sizes.
    fn add_epics(&mut self, backlog: &mut Backlog) {
        let mut chosen: Vec<usize> = (0..THEMES.len()).collect();
        self.rng.shuffle(&mut chosen);
        chosen.truncate(8 + self.rng.below(5));
        chosen.sort_unstable();
        for &t in &chosen {
            let theme = &THEMES[t];
            let key = backlog.allocate_key(Kind::Epic);
            backlog.epics.push(Epic {
                key: key.clone(),
                title: theme.title.to_string(),
                description: theme.description.to_string(),
                outcome: None,
                extra: Map::new(),
            });
            self.themes.push(theme);
            self.epic_keys.push(key);
            self.weights.push(1 + self.rng.below(6) as u32);
        }
        self.weights.push(2);
        for theme in self.themes.iter().copied().chain([&CHORES]) {
            let mut order: Vec<usize> = (0..theme.ideas.len()).collect();
            self.rng.shuffle(&mut order);
            self.orders.push(order);
            self.uses.push(0);
            self.recent.push(Vec::new());
        }
    }

    /// The theme each sprint concentrates on; neighbouring sprints differ.
    fn focus(&mut self, sprints: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.themes.len()).collect();
        self.rng.shuffle(&mut order);
        (0..sprints)
            .map(|j| order[j % order.len().max(1)])
            .collect()
    }

    /// Every story's creation time and role, in creation order.
    fn drafts(&mut self, plan: &Plan, cal: &Calendar) -> Vec<Draft> {
        let total = plan.closed.iter().sum::<usize>() + plan.active + plan.planned + plan.backlog;
        let mut drafts = Vec::with_capacity(total);
        let before = |day: NaiveDate| day - TimeDelta::days(1);
        for (j, &count) in plan.closed.iter().enumerate() {
            for _ in 0..count {
                let created = self.moment(cal.origin, before(cal.windows[j].0));
                drafts.push(Draft {
                    created,
                    role: Role::Closed(j),
                });
            }
        }
        // Mid-sprint: about 40% done, then half of the rest in progress.
        let done = plan.active * 2 / 5;
        let started = done + (plan.active - done).div_ceil(2);
        for k in 0..plan.active {
            let created = self.moment(cal.origin, before(cal.active().0));
            let status = match k {
                k if k < done => Status::Done,
                k if k < started => Status::InProgress,
                _ => Status::Todo,
            };
            drafts.push(Draft {
                created,
                role: Role::Active(status),
            });
        }
        for _ in 0..plan.planned {
            let created = self.moment(cal.origin, cal.yesterday());
            drafts.push(Draft {
                created,
                role: Role::Planned,
            });
        }
        let mut depths: Vec<usize> = (0..plan.backlog).collect();
        self.rng.shuffle(&mut depths);
        for depth in depths {
            let created = self.moment(cal.origin, cal.yesterday());
            drafts.push(Draft {
                created,
                role: Role::Backlog(depth),
            });
        }
        // Keys are handed out in creation order, as they would have been.
        drafts.sort_by_key(|d| d.created);
        drafts
    }

    /// A time during working hours on a day in `from..=to`.
    fn moment(&mut self, from: NaiveDate, to: NaiveDate) -> DateTime<Utc> {
        self.rng.moment(from, to)
    }

    /// One story, written for its role.
    fn story(
        &mut self,
        key: String,
        draft: &Draft,
        cal: &Calendar,
        sprint_keys: &[String],
        focus: &[usize],
        backlog_len: usize,
    ) -> Story {
        let sprint = match draft.role {
            Role::Closed(j) => Some(j),
            Role::Active(_) => Some(cal.closed),
            Role::Planned => Some(cal.closed + 1),
            Role::Backlog(_) => None,
        };
        // How deep in the backlog, 0.0 (top) to 1.0 (bottom); sprint work counts as top.
        let depth = match draft.role {
            Role::Backlog(d) => d as f64 / backlog_len.max(1) as f64,
            _ => 0.0,
        };
        let theme_index = match sprint {
            Some(s) if self.rng.chance(0.6) => focus[s],
            _ => self.rng.weighted(&self.weights),
        };
        let theme = self.themes.get(theme_index).copied().unwrap_or(&CHORES);
        let (persona, title, want, benefit, criteria) = self.next_idea(theme_index, theme);

        let mut s = Story::new(key, title, draft.created);
        let rough = depth > 0.5 && self.rng.chance(0.15 * depth);
        if !rough {
            s.as_a = persona.to_string();
            s.i_want = want;
            s.so_that = benefit.to_string();
        }
        s.epic = self.epic_keys.get(theme_index).cloned();
        s.sprint = sprint.and_then(|j| sprint_keys.get(j).cloned());
        s.points = self.points(sprint.is_some(), depth);
        s.moscow = self.moscow(sprint.is_some(), depth);
        if !(rough || s.points.is_none() && self.rng.chance(0.4 * depth)) {
            s.acceptance = self.criteria(criteria);
        }
        if self.rng.chance(0.65) {
            s.rice = Some(self.rice(s.points));
        }
        s.labels = self.labels(theme);
        if self.rng.chance(0.45) {
            s.requested_by = self.rng.pick(STAKEHOLDERS).to_string();
        }
        if self.rng.chance(0.35) {
            s.description = self.description(&s, theme);
        }
        let recent = &mut self.recent[theme_index];
        if matches!(draft.role, Role::Backlog(_) | Role::Planned)
            && !recent.is_empty()
            && self.rng.chance(0.12)
        {
            s.depends_on
                .push(recent[self.rng.below(recent.len())].clone());
        }
        if recent.len() < 16 {
            recent.push(s.key.clone());
        } else {
            recent[self.uses[theme_index] % 16] = s.key.clone();
        }
        self.progress(&mut s, draft.role, cal);
        if let Role::Active(_) = draft.role {
            self.daily_work(&mut s, cal);
        }
        s
    }

    /// The theme's next idea; once all are used, the same ideas come back in
    /// variants ("… on Android"), then as numbered parts.
    fn next_idea(
        &mut self,
        t: usize,
        theme: &Theme,
    ) -> (
        &'static str,
        String,
        String,
        &'static str,
        &'static [&'static str],
    ) {
        let uses = self.uses[t];
        self.uses[t] += 1;
        let order = &self.orders[t];
        let (persona, title, want, benefit, criteria) = theme.ideas[order[uses % order.len()]];
        let round = uses / order.len();
        if round == 0 {
            return (
                persona,
                title.to_string(),
                want.to_string(),
                benefit,
                criteria,
            );
        }
        let (title_suffix, want_suffix) = VARIANTS[(round - 1 + t) % VARIANTS.len()];
        let mut title = format!("{title}{title_suffix}");
        let part = (round - 1) / VARIANTS.len();
        if part > 0 {
            title.push_str(&format!(", part {}", part + 1));
        }
        (
            persona,
            title,
            format!("{want}{want_suffix}"),
            benefit,
            criteria,
        )
    }

    fn points(&mut self, in_sprint: bool, depth: f64) -> Option<f64> {
        if !in_sprint && self.rng.chance(0.08 + 0.4 * depth) {
            return None;
        }
        let weights: Vec<u32> = FIBONACCI
            .iter()
            // Sprint work was split small enough; big items live deep in the backlog.
            .map(|&(p, w)| {
                if p > 13.0 && (in_sprint || depth < 0.5) {
                    0
                } else {
                    w
                }
            })
            .collect();
        Some(FIBONACCI[self.rng.weighted(&weights)].0)
    }

    /// MoSCoW that mostly agrees with the ranking, with some disagreement to spot.
    fn moscow(&mut self, in_sprint: bool, depth: f64) -> Option<Moscow> {
        // Weights for must, should, could, wont, none.
        let weights: [u32; 5] = if in_sprint {
            [55, 35, 10, 0, 0]
        } else if depth < 0.25 {
            [45, 30, 10, 0, 15]
        } else if depth < 0.6 {
            [12, 38, 30, 5, 15]
        } else {
            [3, 15, 37, 25, 20]
        };
        let i = self.rng.weighted(&weights);
        Moscow::ALL.get(i).copied()
    }

    /// One to four criteria: the idea's own, sometimes with cross-cutting ones.
    fn criteria(&mut self, own: &[&'static str]) -> Vec<Criterion> {
        let mut picked: Vec<&str> = own
            .iter()
            .take(1 + self.rng.below(own.len()))
            .copied()
            .collect();
        for p in [0.35, 0.15] {
            let extra = self.rng.pick(GENERIC_CRITERIA);
            if self.rng.chance(p) && !picked.contains(&extra) {
                picked.push(extra);
            }
        }
        picked.into_iter().map(Criterion::new).collect()
    }

    fn rice(&mut self, points: Option<f64>) -> Rice {
        const REACH: [f64; 10] = [
            50.0, 120.0, 200.0, 400.0, 800.0, 1200.0, 2000.0, 3500.0, 5000.0, 9000.0,
        ];
        const IMPACT: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 3.0];
        const CONFIDENCE: [f64; 3] = [0.5, 0.8, 1.0];
        let effort = match points {
            Some(p) => (p / 4.0 * 2.0).round().max(1.0) / 2.0,
            None => self.rng.pick(&[0.5, 1.0, 2.0, 3.0, 5.0]),
        };
        Rice {
            reach: self.rng.pick(&REACH),
            impact: self.rng.pick(&IMPACT),
            confidence: self.rng.pick(&CONFIDENCE),
            effort,
            extra: Map::new(),
        }
    }

    fn labels(&mut self, theme: &Theme) -> Vec<String> {
        let mut labels = vec![self.rng.pick(theme.labels)];
        if self.rng.chance(0.3) {
            labels.push(self.rng.pick(theme.labels));
        }
        if self.rng.chance(0.25) {
            labels.push(self.rng.pick(EXTRA_LABELS));
        }
        let mut unique: Vec<String> = Vec::with_capacity(labels.len());
        for label in labels {
            if !unique.iter().any(|l| l == label) {
                unique.push(label.to_string());
            }
        }
        unique
    }

    fn description(&mut self, s: &Story, theme: &Theme) -> String {
        let requester = if s.requested_by.is_empty() {
            self.rng.pick(STAKEHOLDERS)
        } else {
            s.requested_by.as_str()
        };
        let area = if theme.title.is_empty() {
            "engineering"
        } else {
            theme.title
        };
        self.rng
            .pick(DESCRIPTIONS)
            .replace("{req}", requester)
            .replace("{epic}", area)
            .replace("{n}", &(3 + self.rng.below(40)).to_string())
    }

    /// Status, done time, ticked criteria and `updated`, from the story's role.
    fn progress(&mut self, s: &mut Story, role: Role, cal: &Calendar) {
        let (status, done_at) = match role {
            Role::Closed(j) => {
                let (start, end) = cal.windows[j];
                (Status::Done, Some(self.moment(start, end)))
            }
            Role::Active(Status::Done) => (
                Status::Done,
                Some(self.moment(cal.active().0, cal.yesterday())),
            ),
            Role::Active(status) => (status, None),
            Role::Planned | Role::Backlog(_) => (Status::Todo, None),
        };
        s.status = status;
        s.done_at = done_at;
        let ticked = match status {
            Status::Done => s.acceptance.len(),
            Status::InProgress => self.rng.below(s.acceptance.len() + 1),
            Status::Todo => 0,
        };
        for c in s.acceptance.iter_mut().take(ticked) {
            c.done = true;
        }
        s.updated = match (status, done_at) {
            (_, Some(done)) => done + TimeDelta::minutes(self.rng.between(0, 90)),
            (Status::InProgress, _) => self.moment(cal.active().0, cal.yesterday()).max(s.created),
            _ => {
                let created_day = s.created.date_naive();
                self.moment(created_day, cal.yesterday()).max(s.created)
            }
        };
    }
}
