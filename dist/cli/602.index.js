export const id = 602;
export const ids = [602];
export const modules = {

/***/ 3602:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.publish = void 0;
const io_js_1 = __webpack_require__(1604);
const publish = async () => {
    throw new io_js_1.UsageError("jux publish: not implemented yet");
};
exports.publish = publish;


/***/ })

};
