//! The AI-900 report keeps everything of the user's source document: every URL, every
//! dated entry and every quotation of the seed is in the loaded report, attributed to the right
//! source. The lists below are this test's own copy of the seed's facts (it does not read the
//! seed file), so a lost or altered item in report/ fails here.

use casebook::document::{Document, Inline};
use casebook::project::Project;

fn document() -> Document {
    let project = Project::open(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let checked = casebook::build::check(&project, &Default::default());
    assert!(
        checked.diagnostics.is_empty(),
        "the report must check without errors or warnings: {:?}",
        checked.diagnostics
    );
    checked.document.expect("resolves")
}

/// The ten URLs of the seed, exactly as written there.
const URLS: [&str; 10] = [
    "http://www.okinawatimes.co.jp/article.php?id=107914",
    "http://www.soumu.go.jp/menu_news/kaiken/01koho01_02000392.html",
    "http://www.soumu.go.jp/menu_kyotsuu/important/kinkyu02_000191.html",
    "http://www9.nhk.or.jp/kabun-blog/220644.html",
    "http://www.yomiuri.co.jp/national/20150621-OYT1T50125.html",
    "http://www.lac.co.jp/news/2015/06/24_news_01.html",
    "http://www.recomm.co.jp/IR/tabid/60/Detail.html?itemid=2555",
    "https://www.ntt-west.co.jp/news/1507/150706a.html",
    "http://www.soumu.go.jp/menu_news/s-news/01ryutsu03_02000096.html",
    "http://www.recomm.co.jp/IR/tabid/60/Detail.html?itemid=2659",
];

/// Every dated entry of the seed: (date, words of its heading that must be in the event title
/// or body, an actor the seed names for it).
const ENTRIES: [(&str, &str, &str); 12] = [
    ("2015-03-11", "認識", "レカム"),
    ("2015-03-20", "写真", "沖縄タイムス"),
    ("2015-06-12", "一面", "読売新聞"),
    ("2015-06-12", "記者会見", "高市"),
    ("2015-06-12", "注意喚起", "総務省"),
    ("2015-06-12", "NHK", "NHK"),
    ("2015-06-22", "料金請求", "読売新聞"),
    ("2015-06-24", "原因調査結果書", "ネットエージェント"),
    ("2015-06-25", "一部報道", "レカム"),
    ("2015-07-06", "ひかり電話", "NTT西日本"),
    ("2015-07-07", "要請", "総務省"),
    ("2015-09-25", "調査結果", "レカム"),
];

/// The words the seed quotes, verbatim, with the URL of the source they must be attributed to
/// (None: the Yomiuri headline's source is the 21 June URL).
const QUOTATIONS: [(&str, &str); 5] = [
    (Q1, "http://www.recomm.co.jp/IR/tabid/60/Detail.html?itemid=2555"),
    ("IP電話乗っ取り「国際」停止依頼後も料金請求", "http://www.yomiuri.co.jp/national/20150621-OYT1T50125.html"),
    (Q2, "http://www.recomm.co.jp/IR/tabid/60/Detail.html?itemid=2555"),
    (Q3, "http://www.recomm.co.jp/IR/tabid/60/Detail.html?itemid=2659"),
    (Q4, "http://www.recomm.co.jp/IR/tabid/60/Detail.html?itemid=2659"),
];

const Q1: &str = r#"本年3月 11 日、AI900をご利用の一部のお客様より、通信キャリアから国際電話が頻繁に発信されていることについての確認の連絡があった旨の連絡をいただきました。そこで調査したところ、何者かがお客様の事業所に設置されている主装置に不正アクセスを働き、国際通話を発信していたものと推定されましたので、被害に遭われたお客様からは捜査機関へ被害届を出していただき、当社においても捜査機関に対し不正アクセスの実行者の捜査等に協力をし、また、被害拡大を防ぐため、AI900は当社にてリモートメンテナンスを行える機能を有していたことから、お客様のご了承のもと、主装置側での海外発信規制(海外通話は、国際通信識別番号の 010から始まる番号により発信されることから、010 で始まる番号については発信できないようにしたもの)などの緊急措置を講じました。それらの措置は、その後、被害に遭われていないお客様に対しても順次拡大して行いましたが、措置を講ずる直前に被害に遭われたお客様はいらっしゃいます。"#;
const Q2: &str = r#"被害発生以降本日まで、当然のことながら、原因の究明と再発防止に全力で取り組んでまいりました。しかしながら、現時点において、原因の特定には至っておりません。(略)なお、昨日、ネットワーク調査サービス会社からレポートにより発生内容や原因等について公表されておりますが、その内容は当社への調査や取材が行われた上でのレポートではなく、当該調査サービス会社独自の見解であるものと認識しております。"#;
const Q3: &str = r#"被害発生以降、当社といたしましても原因の究明と再発防止に全力で取り組んでまいりましたが、何分にも当社は販売会社でありますし、AI900の製造元(製造時において当社子会社)が電話機製造から既に撤退し、情報通信機器製造事業そのものも他社に事業譲渡されていたといこともあり、当社の知見等だけでは全容を掴むことが困難でしたので、第三者機関に対して協力を求め、調査を進めてまいりました。"#;
const Q4: &str = r#"その結果、AI900のセキュリティ上に一部不具合があったことが確認されました。もっとも、現時点において新たな不正アクセスが行われていないこともあり、当該不具合と実際の被害との因果関係についてまでは検証ができませんでした。ただし、いずれにしましてもセキュリティ上に一部不具合があったことは事実であり、この点につきましては、製造元における検査が不十分であり、また、販売いたしました当社としましても製品に対する検品が不徹底であったものと大変申し訳なく思っております。"#;

#[test]
fn every_url_of_the_seed_is_a_source() {
    let doc = document();
    let urls: Vec<&str> = doc.bibliography.iter().flat_map(|g| &g.entries).filter_map(|e| e.url.as_deref()).collect();
    for url in URLS {
        assert!(urls.contains(&url), "URL {url} is not a source");
    }
    // And the source named without a URL: the Yomiuri morning edition front page of 12 June.
    let yomiuri = doc.bibliography.iter().flat_map(|g| &g.entries).find(|e| {
        let text = Inline::plain(&e.content);
        e.url.is_none() && text.contains("読売新聞") && text.contains("2015年6月12日")
    });
    assert!(yomiuri.is_some(), "the 12 June Yomiuri front page is missing");
}

#[test]
fn every_dated_entry_of_the_seed_is_an_event() {
    let doc = document();
    let events: Vec<_> = doc.chapters.iter().flat_map(|c| &c.events).collect();
    for (date, words, actor) in ENTRIES {
        let found = events.iter().any(|e| {
            let text = format!(
                "{} {}",
                e.title,
                e.body.iter().flat_map(|b| b.paragraphs()).map(|p| Inline::plain(&p.content)).collect::<String>()
            );
            e.date_iso == date && text.contains(words) && e.actors.iter().any(|a| a.contains(actor))
        });
        assert!(found, "no event on {date} about {words} with actor {actor}");
        assert!(
            events.iter().filter(|e| e.date_iso == date).all(|e| !e.source_notes.is_empty()),
            "{date}: an event without sources"
        );
    }
    assert_eq!(events.len(), ENTRIES.len());
}

#[test]
fn every_quotation_is_verbatim_and_attributed() {
    let doc = document();
    for (text, url) in QUOTATIONS {
        let quote = doc
            .chapters
            .iter()
            .flat_map(|c| &c.events)
            .flat_map(|e| &e.quotes)
            .find(|q| Inline::plain(&q.content) == text)
            .unwrap_or_else(|| panic!("quotation missing or altered: {text}"));
        let note = doc.note(quote.note).unwrap();
        let source = doc.bibliography.iter().flat_map(|g| &g.entries).find(|e| e.anchor == note.source_anchor).unwrap();
        assert_eq!(source.url.as_deref(), Some(url), "quotation attributed to the wrong source: {text}");
    }
}

#[test]
fn the_seeds_observations_are_analysis_not_fact() {
    let doc = document();
    let analysis: String = doc
        .chapters
        .iter()
        .flat_map(|c| c.events.iter().flat_map(|e| &e.analysis).chain(c.analysis.iter().flat_map(|a| &a.body)))
        .flat_map(|b| b.paragraphs())
        .map(|p| Inline::plain(&p.content))
        .collect();
    // The seed's own observations, in its words (ruby shows the base text here).
    for observation in [
        "残念ながらこの記事では問題が人口に膾炙せず。",
        "読売新聞が6月に報道するまで3ヶ月間の空白がある。この間に、被害者が読売新聞社などのメディアと政治家へ申告をしたとみられる。",
        "多くの読者がいる大手新聞社による報道がターニングポイントとなった。",
        "高市大臣の会見内容は、繁忙な政治家が当日の朝刊に対して回答できる内容にしては的を得すぎている。読売新聞社による報道前から総務省は対応を始めていて、公表する直前だったと想像できる。",
    ] {
        assert!(analysis.contains(observation), "observation not in an analysis section, or altered: {observation}");
    }
    let facts: String = doc
        .chapters
        .iter()
        .flat_map(|c| &c.events)
        .flat_map(|e| &e.body)
        .flat_map(|b| b.paragraphs())
        .map(|p| Inline::plain(&p.content))
        .collect();
    assert!(!facts.contains("ターニングポイント"), "an observation is presented as fact");
}

#[test]
fn findings_digest_computes_the_key_intervals() {
    let doc = document();
    let findings = doc.chapters.last().unwrap();
    let digest = findings.digest.as_ref().expect("findings close with a digest");
    let days: Vec<Option<i64>> = digest.intervals.iter().map(|i| i.days).collect();
    // recognition 3/11 → local report 3/20 → national 6/12 → vendor 6/25 → request 7/7 → results 9/25
    assert_eq!(days, [Some(9), Some(84), Some(13), Some(12), Some(80)]);
    assert_eq!(digest.total_days, Some(198));
    assert!(digest.open_questions.len() >= 3);
}
