export const id = 927;
export const ids = [927];
export const modules = {

/***/ 9927:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.config = void 0;
const io_js_1 = __webpack_require__(1604);
const config = async () => {
    throw new io_js_1.UsageError("jux config: not implemented yet");
};
exports.config = config;


/***/ })

};
