//! po's model types as the file's bytes, field by field in struct order.
//! Each method destructures its struct without `..`, so a new field cannot
//! be forgotten here.

use std::sync::Arc;

use super::{Pretty, Refused};
use crate::model::{
    Backlog, Conflict, Criterion, Epic, EpicOutcome, NextKeys, Product, Request, Rice, Sprint,
    SprintRecord, Story,
};

impl Pretty<'_> {
    pub(super) fn backlog(&mut self, b: &Backlog) -> Result<(), Refused> {
        self.backlog_with(b, |w, stories| {
            for story in stories {
                w.element();
                w.story(story)?;
            }
            Ok(())
        })
    }

    /// The backlog, the elements of its `stories` array written by `stories`.
    pub(super) fn backlog_with(
        &mut self,
        b: &Backlog,
        write_stories: impl FnOnce(&mut Self, &[Arc<Story>]) -> Result<(), Refused>,
    ) -> Result<(), Refused> {
        let Backlog {
            format,
            version,
            product,
            next_keys,
            epics,
            stories,
            sprints,
            requests,
            conflicts,
            extra,
        } = b;
        self.begin(b'{');
        self.key("format");
        self.string(format)?;
        self.key("version");
        self.scalar(version)?;
        self.key("product");
        self.product(product)?;
        self.key("next_keys");
        self.next_keys(next_keys)?;
        self.key("epics");
        self.begin(b'[');
        for epic in epics {
            self.element();
            self.epic(epic)?;
        }
        self.end(b']');
        self.key("stories");
        self.begin(b'[');
        write_stories(self, stories)?;
        self.end(b']');
        self.key("sprints");
        self.begin(b'[');
        for sprint in sprints {
            self.element();
            self.sprint(sprint)?;
        }
        self.end(b']');
        self.key("requests");
        self.begin(b'[');
        for request in requests {
            self.element();
            self.request(request)?;
        }
        self.end(b']');
        if !conflicts.is_empty() {
            self.key("conflicts");
            self.begin(b'[');
            for conflict in conflicts {
                self.element();
                self.conflict(conflict)?;
            }
            self.end(b']');
        }
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn next_keys(&mut self, n: &NextKeys) -> Result<(), Refused> {
        let NextKeys {
            stories,
            epics,
            sprints,
            requests,
            extra,
        } = n;
        self.begin(b'{');
        self.key("stories");
        self.scalar(stories)?;
        self.key("epics");
        self.scalar(epics)?;
        self.key("sprints");
        self.scalar(sprints)?;
        self.key("requests");
        self.scalar(requests)?;
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn product(&mut self, p: &Product) -> Result<(), Refused> {
        let Product {
            name,
            vision,
            extra,
        } = p;
        self.begin(b'{');
        self.key("name");
        self.string(name)?;
        self.key("vision");
        self.string(vision)?;
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn epic(&mut self, e: &Epic) -> Result<(), Refused> {
        let Epic {
            key,
            title,
            description,
            outcome,
            extra,
        } = e;
        self.begin(b'{');
        self.key("key");
        self.string(key)?;
        self.key("title");
        self.string(title)?;
        self.key("description");
        self.string(description)?;
        if let Some(outcome) = outcome {
            self.key("outcome");
            self.epic_outcome(outcome)?;
        }
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn epic_outcome(&mut self, o: &EpicOutcome) -> Result<(), Refused> {
        let EpicOutcome {
            metric,
            unit,
            baseline,
            target,
            measured,
            measured_on,
            extra,
        } = o;
        self.begin(b'{');
        self.key("metric");
        self.string(metric)?;
        self.key("unit");
        self.string(unit)?;
        self.key("baseline");
        self.optional_number(*baseline)?;
        self.key("target");
        self.optional_number(*target)?;
        self.key("measured");
        self.optional_number(*measured)?;
        self.key("measured_on");
        self.scalar(measured_on)?;
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    pub(super) fn story(&mut self, s: &Story) -> Result<(), Refused> {
        let Story {
            key,
            title,
            as_a,
            i_want,
            so_that,
            description,
            acceptance,
            points,
            status,
            moscow,
            rice,
            epic,
            sprint,
            labels,
            requested_by,
            depends_on,
            created,
            updated,
            done_at,
            source,
            status_history,
            request,
            split_from,
            assignee,
            blocked,
            extra,
        } = s;
        self.begin(b'{');
        self.key("key");
        self.string(key)?;
        self.key("title");
        self.string(title)?;
        self.key("as_a");
        self.string(as_a)?;
        self.key("i_want");
        self.string(i_want)?;
        self.key("so_that");
        self.string(so_that)?;
        self.key("description");
        self.string(description)?;
        self.key("acceptance");
        self.begin(b'[');
        for criterion in acceptance {
            self.element();
            self.criterion(criterion)?;
        }
        self.end(b']');
        self.key("points");
        self.optional_number(*points)?;
        self.key("status");
        self.word(status.as_str());
        self.key("moscow");
        match moscow {
            Some(m) => self.word(m.as_str()),
            None => self.null(),
        }
        self.key("rice");
        match rice {
            Some(r) => self.rice(r)?,
            None => self.null(),
        }
        self.key("epic");
        self.optional_string(epic.as_deref())?;
        self.key("sprint");
        self.optional_string(sprint.as_deref())?;
        self.key("labels");
        self.strings(labels)?;
        self.key("requested_by");
        self.string(requested_by)?;
        self.key("depends_on");
        self.strings(depends_on)?;
        self.key("created");
        self.time(created);
        self.key("updated");
        self.time(updated);
        self.key("done_at");
        match done_at {
            Some(t) => self.time(t),
            None => self.null(),
        }
        if let Some(source) = source {
            self.key("source");
            self.string(source)?;
        }
        if !status_history.is_empty() {
            self.key("status_history");
            self.begin(b'[');
            for change in status_history {
                self.element();
                self.begin(b'{');
                self.key("status");
                self.word(change.status.as_str());
                self.key("at");
                self.time(&change.at);
                self.end(b'}');
            }
            self.end(b']');
        }
        if let Some(request) = request {
            self.key("request");
            self.string(request)?;
        }
        if let Some(split_from) = split_from {
            self.key("split_from");
            self.string(split_from)?;
        }
        if let Some(assignee) = assignee {
            self.key("assignee");
            self.string(assignee)?;
        }
        if let Some(blocked) = blocked {
            self.key("blocked");
            self.begin(b'{');
            self.key("reason");
            self.string(&blocked.reason)?;
            self.key("since");
            self.time(&blocked.since);
            self.extra(&blocked.extra)?;
            self.end(b'}');
        }
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn criterion(&mut self, c: &Criterion) -> Result<(), Refused> {
        let Criterion { text, done, extra } = c;
        self.begin(b'{');
        self.key("text");
        self.string(text)?;
        self.key("done");
        self.bool(*done);
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn rice(&mut self, r: &Rice) -> Result<(), Refused> {
        let Rice {
            reach,
            impact,
            confidence,
            effort,
            extra,
        } = r;
        self.begin(b'{');
        self.key("reach");
        self.number(*reach)?;
        self.key("impact");
        self.number(*impact)?;
        self.key("confidence");
        self.number(*confidence)?;
        self.key("effort");
        self.number(*effort)?;
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn sprint(&mut self, s: &Sprint) -> Result<(), Refused> {
        let Sprint {
            key,
            name,
            goal,
            start,
            end,
            capacity,
            state,
            record,
            goal_stories,
            extra,
        } = s;
        self.begin(b'{');
        self.key("key");
        self.string(key)?;
        self.key("name");
        self.string(name)?;
        self.key("goal");
        self.string(goal)?;
        self.key("start");
        self.scalar(start)?;
        self.key("end");
        self.scalar(end)?;
        self.key("capacity");
        self.optional_number(*capacity)?;
        self.key("state");
        self.scalar(state)?;
        self.sprint_record(record)?;
        if !goal_stories.is_empty() {
            self.key("goal_stories");
            self.strings(goal_stories)?;
        }
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    /// The record's fields that are set, as the derived `Serialize` skips
    /// the others.
    fn sprint_record(&mut self, r: &SprintRecord) -> Result<(), Refused> {
        let SprintRecord {
            started_at,
            committed_stories,
            committed_points,
            closed_at,
            done_stories,
            done_points,
            carried_over,
        } = r;
        if let Some(t) = started_at {
            self.key("started_at");
            self.time(t);
        }
        if let Some(keys) = committed_stories {
            self.key("committed_stories");
            self.strings(keys)?;
        }
        if let Some(p) = committed_points {
            self.key("committed_points");
            self.number(*p)?;
        }
        if let Some(t) = closed_at {
            self.key("closed_at");
            self.time(t);
        }
        if let Some(keys) = done_stories {
            self.key("done_stories");
            self.strings(keys)?;
        }
        if let Some(p) = done_points {
            self.key("done_points");
            self.number(*p)?;
        }
        if let Some(keys) = carried_over {
            self.key("carried_over");
            self.strings(keys)?;
        }
        Ok(())
    }

    fn conflict(&mut self, c: &Conflict) -> Result<(), Refused> {
        let Conflict {
            entity,
            key,
            field,
            base,
            ours,
            theirs,
            extra,
        } = c;
        self.begin(b'{');
        self.key("entity");
        self.word(entity.as_str());
        self.key("key");
        self.string(key)?;
        self.key("field");
        self.string(field)?;
        self.key("base");
        self.value(base)?;
        self.key("ours");
        self.value(ours)?;
        self.key("theirs");
        self.value(theirs)?;
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }

    fn request(&mut self, r: &Request) -> Result<(), Refused> {
        let Request {
            key,
            text,
            from,
            received,
            state,
            story,
            reason,
            decided,
            extra,
        } = r;
        self.begin(b'{');
        self.key("key");
        self.string(key)?;
        self.key("text");
        self.string(text)?;
        self.key("from");
        self.string(from)?;
        self.key("received");
        self.time(received);
        self.key("state");
        self.scalar(state)?;
        self.key("story");
        self.optional_string(story.as_deref())?;
        self.key("reason");
        self.string(reason)?;
        if let Some(t) = decided {
            self.key("decided");
            self.time(t);
        }
        self.extra(extra)?;
        self.end(b'}');
        Ok(())
    }
}
