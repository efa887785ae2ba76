//! The Japanese catalogue, in the vocabulary of the seed tutorial
//! (コルーチン, イベントループ, タスク, フューチャー, ブロッキング).

use super::{grouped, Phrase, Texts};
use loopscope_py::{Construct, Limit};

/// Every fixed Japanese label.
pub const TEXTS: Texts = Texts {
    tagline: "Python の asyncio イベントループを一歩ずつ見る",
    example: "サンプル",
    example_aria: "サンプルプログラム",
    your_code: "編集したコード",
    language: "言語",
    code: "コード",
    python_source: "Python のソースコード",
    sliders_aria: "待ち時間と個数",
    event_loop: "イベントループ",
    console: "コンソール",
    timeline: "タイムライン",
    play: "▶ 再生",
    pause: "❚❚ 一時停止",
    replay: "↻ もう一度",
    play_aria: "再生 (Space)",
    pause_aria: "一時停止 (Space)",
    to_start: "最初へ (Home)",
    step_back: "1 ステップ戻る (←)",
    step_forward: "1 ステップ進む (→)",
    to_end: "最後へ (End)",
    playback: "再生操作",
    speed: "再生速度",
    event_per_second: "1 イベント/秒",
    virtual_time: "仮想時間",
    seek_to_print: "この出力の時点へ移動",
    diagram_title: "イベントループの図",
    loop_thread: "ループのスレッド (MainThread)",
    ready_queue: "実行待ちキュー",
    timers: "タイマー",
    tasks: "タスク",
    threads: "スレッド",
    futures: "フューチャー",
    empty: "空",
    none: "なし",
    no_tasks_yet: "タスクはまだありません",
    only_main_thread: "メインスレッドのみ (ループを動かしています)",
    one_handle_hint: "一度に 1 つずつ、キューの先頭から実行します",
    next: "次",
    cancelled: "キャンセル済み",
    running: "実行中",
    ready_to_run: "実行待ち",
    done: "完了",
    failed: "失敗",
    waiting: "待機中",
    blocking_the_loop: "ループをブロック中",
    idle_worker: "アイドル (仕事待ち)",
    running_python: "Python コードを実行中",
    computing: "計算中",
    waiting_gil: "GIL 待ち",
    finished: "終了",
    thread: "スレッド",
    process: "プロセス",
    legend_running: "実行中",
    legend_ready: "実行待ち (ループの順番待ち)",
    legend_waiting: "await 中 / スリープ中",
    legend_blocking: "ループをブロック",
    legend_gil: "GIL 待ち",
    legend_done: "完了",
    legend_cancelled: "キャンセル",
    legend_failed: "失敗",
    legend_print: "print 出力",
    legend_result: "結果",
    legend: "凡例",
    zoom_in: "拡大 (Ctrl+ホイール)",
    zoom_out: "縮小",
    fit: "全体",
    timeline_aria: "タイムラインの行。クリックまたはドラッグで移動",
    scroll_rows: "タイムラインの行をスクロール",
    timeline_empty: "プログラムを実行すると、タスクとスレッドごとに行が表示されます。",
    main_thread_row: "MainThread (ループを実行)",
    deadlock_title: "デッドロック: もう何も実行できません。",
    stays_playable: "ここまでの実行は再生できます。",
    too_nested: "括弧の入れ子が深すぎます",
    share: "共有",
    share_url: "このシナリオへのリンク",
    copied: "リンクをクリップボードにコピーしました。",
    copy_failed: "ここではコピーが許可されませんでした。リンクを選択したので Ctrl+C (⌘C) でコピーしてください。",
    embed: "埋め込み",
    embed_help: "このシナリオを Web ページに表示するには、次のコードを貼り付けてください:",
    export: "ダウンロード",
    export_json: "トレース (JSON)",
    export_chrome: "Chrome トレース (Perfetto)",
    export_diagram: "図 (SVG)",
    export_timeline: "タイムライン (SVG)",
    restore_draft: "以前の下書きに戻す",
    draft_kept: "このリンクで作業中の内容が置き換わりました。下書きは保存されています。",
    dismiss: "閉じる",
    storage_failed: "このブラウザーでは下書きを保存できません (ストレージが一杯か無効です)。ページを閉じるまでは作業内容が残ります。",
    open_in_loopscope: "Loopscope で開く",
    show_code: "コード",
    presets: [
        (
            "1 · はじめてのコルーチン",
            "await asyncio.sleep(1) で 2 つの print の間、1 秒間ループに制御を返します。",
        ),
        (
            "2 · asyncio.sleep を使う 2 つのタスク",
            "2 つのタスクが同時にスリープするので、全体で 2 秒ではなく約 1 秒で終わります。",
        ),
        (
            "3 · time.sleep を使う 2 つのタスク",
            "time.sleep はループに制御を返しません。ループがブロックされ、全体で 2 秒かかります。",
        ),
        (
            "4 · スレッドプールで run_in_executor",
            "ブロッキングな処理がワーカースレッドに移るので、ループは空いたまま、また約 1 秒で終わります。",
        ),
        (
            "5 · set_result で完了するフューチャー",
            "別のタスクが 2 秒後に set_result を呼ぶまで、main はフューチャーを待ちます。",
        ),
        (
            "6 · N 個のタスクを gather",
            "N 個の取得処理が同時に走り、一番遅いものが終わると gather は結果を引数の順で返します。",
        ),
        (
            "7 · タイムアウト付きの wait_for",
            "1 秒でタイムアウトがコルーチンをキャンセルします。finally ブロックが実行され、wait_for は TimeoutError を送出します。",
        ),
        (
            "8 · Queue を使うプロデューサーとコンシューマー",
            "コンシューマーのほうが遅いので、キューに 2 つたまると put() は get() が空きを作るまでプロデューサーを止めます。",
        ),
        (
            "9 · Semaphore で同時実行数を制限",
            "セマフォを持てるのは同時に 2 つのダウンロードだけです。残りは順番を待つので、6 つで 3 秒かかります。",
        ),
        (
            "10 · CPU 処理: スレッドとプロセスの比較",
            "4 つのスレッドは 1 つの GIL を交代で使うため、並列に動く 4 つのプロセスの 4 倍の時間がかかります。",
        ),
        (
            "11 · sleep(0) と公平性",
            "sleep(0) は次の実行待ちタスクに制御を譲るので A と B は交互に動きます。greedy は一度も await しないので最後まで続けて動きます。",
        ),
        (
            "12 · 失敗するタスクを含む TaskGroup",
            "2 秒で b が失敗すると、グループは c をキャンセルし、b のエラーを含む ExceptionGroup を送出します。",
        ),
    ],
};

/// A Japanese sentence for `phrase`.
pub fn say(phrase: &Phrase) -> String {
    use Phrase::*;
    match phrase {
        Step(coro) => format!("{coro} のステップ"),
        Wake(coro) => format!("{coro} を再開"),
        CallbackOf(fut) => format!("{fut} のコールバック"),
        SleepEnds => "スリープ終了".into(),
        TimeoutOf(coro) => format!("{coro} のタイムアウト"),
        ThreadResult => "スレッドの結果".into(),
        FutureN(n) => format!("フューチャー #{n}"),
        TaskWithCoro(task, coro) => format!("{task} ({coro})"),
        Awaits(what) => format!("{what} を await 中"),
        SleepsUntil(t) => format!("{t} までスリープ中"),
        LoopNotStarted => "未開始: まずモジュールのコードが実行されます".into(),
        LoopNotRunning => "イベントループは動いていません".into(),
        LoopRunning(what) => format!("{what} を実行中"),
        LoopRunningNext => "次の反復を実行中".into(),
        LoopIdleTimer(t) => format!("アイドル: {t} の次のタイマーを待っています"),
        LoopIdleThread => "アイドル: ワーカースレッドの終了を待っています".into(),
        LoopIdleForever => "アイドル: もう起こすものがありません".into(),
        LoopBlocked(label, until) => format!("ブロック中: {label} により {until} まで"),
        LoopBlockedWait => "ブロック中: ループのスレッドが待っています".into(),
        Starving(names) => format!("実行できるのに待たされているタスク: {names}"),
        NWaiting(n) => format!("{n} 個が待機"),
        NSet(n) => format!("{n} 個"),
        MoreNotShown(n) => format!("ほか {n} 個は省略"),
        ExecutorQueue(names) => format!("エグゼキューターのキュー: {names}"),
        AtIn(at, left) => format!("{at} · あと {left}"),
        DueAt(t) => format!("{t} に期限"),
        Nth(n) => format!("{n} 番目"),
        InCallUntil(label, until) => format!("{label} で {until} まで待機"),
        WaitsFor(what) => format!("{what} を待機中"),
        Gil(names) => format!("GIL: {names}"),
        MainThread => "メインスレッド".into(),
        ThreadN(n) => format!("スレッド {n}"),
        WorkerRow(name) => format!("{name} (ワーカースレッド)"),
        ProcessRow(name) => format!("{name} (ワーカープロセス)"),
        ThreadRow(name) => format!("{name} (スレッド)"),
        RowsOf(a, b, n) => format!("{n} 行中 {a}–{b} 行目"),
        PrintAt(t) => format!("{t} の print"),
        ResolvedAt(t) => format!("{t} に完了"),
        EarlierLines(n) => format!("それ以前の {n} 行は省略"),
        EventOf(i, n) => format!("イベント {i} / {n}"),
        PressPlay => "再生か「1 ステップ進む」を押してください。まずメインスレッドでモジュールのコードが実行されます。".into(),
        ProgramStart => "メインスレッドでモジュールのコードの実行が始まります。".into(),
        ProgramEnd(t) => format!("{t} にプログラムが終了します。"),
        LoopStart => "asyncio.run がイベントループを作り、コルーチンをメインタスクで包みます。".into(),
        LoopStop => "メインタスクが完了したので、ループが止まります。".into(),
        LoopClose => "asyncio.run は残りをキャンセルし、ループを後片付けして閉じます。".into(),
        Iteration(n) => format!(
            "ループの新しい反復です。今実行待ちの {n} 個のハンドルを実行します。その間に追加されたものは次の反復まで待ちます。"
        ),
        ClockJump(from, to) => format!("実行できるものがないので、時計が {from} から次の予定の {to} へ進みます。"),
        Queued(what) => format!("{what} が実行待ちキューの末尾に入ります。"),
        Takes(what) => format!("ループが実行待ちキューの先頭から {what} を取り出します。"),
        RunsNext => "ループが次のハンドルを実行します。".into(),
        HandleDone => "そのハンドルが終わり、ループは次へ進みます。".into(),
        Skipped => "キャンセルされたハンドルを飛ばします。".into(),
        HandleCancelled => "ハンドルがキャンセルされました。実行時に飛ばされます。".into(),
        TimerSet(when, what) => format!("{when} のタイマーを設定します ({what})。"),
        TimerLate(when, at) => format!("{when} 予定のタイマーが {at} に遅れて発火します。ループが忙しかったためです。"),
        TimerFired(when) => format!("{when} のタイマーが発火し、コールバックが実行待ちキューに入ります。"),
        TimerDropped => "キャンセルされたタイマーをヒープから取り除きます。".into(),
        IdleTimer(t) => format!("実行できるものがないので、ループは select() で {t} の次のタイマーを待ちます。"),
        IdleThread => "実行できるものがないので、ループはワーカースレッドからの知らせを待ちます。".into(),
        TaskFutureCreated => "タスクのフューチャーが作られます。".into(),
        FutureCreated(name) => format!("{name} のフューチャーが作られます (未完了)。"),
        FutureResult(name, value) => format!("{name} が結果 {value} で完了し、コールバックがキューに入ります。"),
        FutureFailed(name, value) => format!("{name} が {value} で失敗しました。"),
        FutureCancelled(name) => format!("{name} がキャンセルされました。"),
        TaskCreated(coro, name) => {
            format!("create_task が {coro}() を {name} で包み、最初のステップを call_soon でキューに入れます。")
        }
        TaskRenamed(name) => format!("タスクの名前が {name} に変わります。"),
        StepBegin(who) => format!("{who} が次の await までループ上で実行されます。"),
        StepAwait(who, what) => {
            format!("{who} は {what}。ループに制御を返し、ループは次の実行待ちハンドルを実行します。")
        }
        StepYield(who) => format!("{who} が sleep(0) で制御を譲り、実行待ちキューの末尾に戻ります。"),
        StepReturn(who) => format!("{who} が return し、タスクが完了します。"),
        StepRaise(who) => format!("{who} が例外を送出し、タスクが失敗します。"),
        StepCancelled(who) => format!("{who} がキャンセルされます。"),
        CancelRequested(name) => format!("{name} にキャンセルが要求されます。"),
        BlockLoop(who, label, until) => format!(
            "{who} が {label} を呼びます。ループに制御を返さないので、{until} までループがブロックされ、実行待ちのタスクは待たされます。"
        ),
        BlockThread(thread, label, until) => format!("{thread} は {label} で {until} までスリープします。"),
        BlockOn(thread, what) => format!("{thread} は {what} が完了するまでブロックします。"),
        BlockEnd(thread) => format!("{thread} が再開します。"),
        Compute(thread, ops) => format!("{thread} が計算します ({ops} 演算)。"),
        ComputeEnd(thread) => format!("{thread} の計算が終わりました。"),
        GilWait(thread) => format!("{thread} が GIL を待ちます。"),
        GilTake(thread) => format!("{thread} が GIL を取得します。"),
        GilRelease(thread) => format!("{thread} が GIL を解放します。"),
        ThreadStarted(name) => format!("新しいスレッドが始まります: {name}。"),
        ThreadEnded(thread) => format!("{thread} が終了します。"),
        JobQueued(name) => format!("{name}() がエグゼキューターの作業キューに渡されます。"),
        JobStarted(thread) => format!("{thread} が次の仕事を受け取ります。"),
        JobCancelled => "エグゼキューターの終了で、キューにあった仕事が取り消され、そのフューチャーがキャンセルされます。".into(),
        JobFinished(thread) => format!("{thread} が仕事を終え、call_soon_threadsafe で結果を知らせます。"),
        Print(who, text) => format!("{who} が「{text}」と出力します。"),
        Stderr(who, text) => format!("{who} が標準エラーに「{text}」と書きます。"),
        Unhandled(value) => format!("処理されなかった例外: {value}。"),
        LimitEvents => "イベント数の上限に達したため、実行を止めました。".into(),
        LimitTime => "仮想時間の上限に達したため、実行を止めました。".into(),
        Deadlock => "デッドロック: 実行待ちもタイマーもなく、動けるスレッドもありません。".into(),
        DidNotRun => "プログラムは実行されませんでした。".into(),
        StoppedAt(t) => format!("{t} で上限に達して停止"),
        DeadlockedAt(t) => format!("{t} でデッドロック"),
        RaisedAt(t) => format!("{t} で例外が発生"),
        FinishedIn(t) => format!("{t} で終了"),
        BlockedFor(d, by) => format!(" — ループは {by} により {d} ブロックされました"),
        AndIdle(d) => format!("。アイドルは {d}"),
        IdleFor(d) => format!(" — ループは {d} アイドル (待機) でした"),
        RunningFor(d) => format!("。Python コードの実行は {d}"),
        TooComplex(n) => format!("この文は複雑すぎてここでは実行できません (演算子が {n} 個を超えています)"),
        LineCol(line, col) => format!("{line} 行 {col} 列: "),
        SyntaxError(message) => format!("構文エラー: {message}"),
        NotSupported(construct) => not_supported(construct),
        LimitReached(limit) => limit_reached(limit),
        WaiterTask(task, what, Some(line)) => format!("{task} は {what} ({line} 行目)"),
        WaiterTask(task, what, None) => format!("{task} は {what}"),
        WaiterThread(thread, what) => format!("{thread} は {what} を待っています"),
        WaiterReady(task) => format!("{task} は実行待ちですが、もう実行されることはありません"),
        SliderLabel(place, line) => format!("{place} · {line} 行目"),
        BadLink(detail) => format!("このリンクは開けなかったため、既定のサンプルを表示しています。(詳細: {detail})"),
    }
}

/// 「…はまだサポートされていません」と、あれば代わりの書き方。
fn not_supported(construct: &Construct) -> String {
    let what = match construct {
        Construct::Class => "`class` 文".to_string(),
        Construct::DelTarget => "この形の `del` の対象".into(),
        Construct::TypeAlias => "`type` による型エイリアス".into(),
        Construct::Match => "`match` 文".into(),
        Construct::RelativeImport => "相対インポート".into(),
        Construct::ImportStar => "`import *`".into(),
        Construct::IpythonEscape => "IPython のエスケープコマンド".into(),
        Construct::Builtin(name) => format!("組み込み関数 `{name}`"),
        Construct::Module(name) => format!("モジュール `{name}`"),
        Construct::BareExceptStar => "例外の型を書かない `except*`".into(),
        Construct::Decorators => "デコレーター".into(),
        Construct::TypeParams => "型パラメーター".into(),
        Construct::FunctionForm => "この形の関数定義".into(),
        Construct::AsyncComprehension => "非同期内包表記".into(),
        Construct::ComprehensionForm => "この形の内包表記".into(),
        Construct::DictComprehensionForm => "この形の辞書内包表記".into(),
        Construct::Walrus => "代入式 (`:=`)".into(),
        Construct::PercentFormat => "`%` による文字列フォーマット".into(),
        Construct::Yield => "`yield` (ジェネレーター)".into(),
        Construct::YieldFrom => "`yield from` (ジェネレーター)".into(),
        Construct::TemplateString => "テンプレート文字列".into(),
        Construct::Bytes => "bytes リテラル".into(),
        Construct::IntLiteral => "この整数リテラル".into(),
        Construct::Complex => "複素数".into(),
        Construct::StarredHere => "この位置のスター式 (`*x`)".into(),
    };
    let mut text = format!("{what}はまだサポートされていません");
    match construct {
        Construct::PercentFormat => {
            text.push_str("。f\"{x:.2f}\" のような f-string を使ってください")
        }
        Construct::Class => text.push_str("。関数と辞書で書き換えてください"),
        _ => {}
    }
    text
}

/// どの上限で実行を止めたか、その数値とともに。
fn limit_reached(limit: &Limit) -> String {
    match *limit {
        Limit::Operations { done, limit } => format!(
            "Python の演算を {} 回実行したところで止めました。プログラムが無限ループしている可能性があります (上限は {} 回)。",
            grouped(done),
            grouped(limit)
        ),
        Limit::Tasks { limit } => format!(
            "タスクの数が上限の {} 個を超えたため、実行を止めました。",
            grouped(limit as u64)
        ),
        Limit::Threads { limit } => format!(
            "スレッドの数が上限の {} 個を超えたため、実行を止めました。",
            grouped(limit as u64)
        ),
        Limit::Events { done, limit } => format!(
            "イベントループのイベントが {} 個に達したため、実行を止めました (上限は {} 個)。",
            grouped(done as u64),
            grouped(limit as u64)
        ),
        Limit::VirtualTime { limit, reached } => format!(
            "仮想時間が上限の {limit} 秒を超えそうになったため、実行を止めました ({reached:.3} 秒まで進みました)。"
        ),
    }
}
